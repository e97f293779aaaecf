package io.gridhub.sim.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Day-ahead prices into the hub's inbox: the hourly DE-LU shape of a slice (SMARD CSV) moved onto simulated dates.
 * Simulated day D takes slice day {@code firstDay + floorMod(D - firstDay, days)} (the same weekday when
 * {@code days} is whole weeks), its hour h priced at D h:00 in the community's zone. At start the field writes today
 * and tomorrow; then, each day at the release hour, tomorrow: {@code prices_DE_LU_field_<D>.csv} in the format of
 * mappings/smard-prices.json, written under another name and moved in, so the inbox never sees half a file.
 */
final class PriceFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PriceFiles.class);
    static final String HEADER = "timestamp_utc,timestamp_local,price_DE_LU_EUR_MWh";

    /** Price by slice day and local hour, EUR/MWh. */
    private final Map<LocalDate, double[]> slice;

    private final LocalDate firstDay;
    private final int days;
    private final int publishHour;
    private final ZoneId zone;
    private final Path inbox;
    private final Clock sim;
    private final Set<LocalDate> written = new HashSet<>();

    PriceFiles(Path sliceFile, LocalDate firstDay, int days, int publishHour, ZoneId zone, Path inbox, Clock sim)
            throws IOException {
        this.slice = read(sliceFile);
        for (int d = 0; d < days; d++) {
            if (!slice.containsKey(firstDay.plusDays(d))) {
                throw new IOException(sliceFile + ": no prices for " + firstDay.plusDays(d));
            }
        }
        this.firstDay = firstDay;
        this.days = days;
        this.publishHour = publishHour;
        this.zone = zone;
        this.inbox = inbox;
        this.sim = sim;
    }

    private static Map<LocalDate, double[]> read(Path file) throws IOException {
        Map<LocalDate, double[]> byDay = new HashMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .build()
                    .parse(in)) {
                try {
                    OffsetDateTime local = OffsetDateTime.parse(r.get("timestamp_local"));
                    byDay.computeIfAbsent(local.toLocalDate(), d -> new double[24])[local.getHour()] =
                            Double.parseDouble(r.get("price_DE_LU_EUR_MWh"));
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    throw new IOException(file + ", line " + (r.getRecordNumber() + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return byDay;
    }

    /** The prices of simulated day {@code day}: instant → EUR/MWh, hour by hour (a skipped local hour is left out). */
    Map<Instant, Double> pricesOf(LocalDate day) {
        double[] p = slice.get(firstDay.plusDays(Math.floorMod(day.toEpochDay() - firstDay.toEpochDay(), days)));
        Map<Instant, Double> out = new LinkedHashMap<>();
        for (int h = 0; h < 24; h++) {
            ZonedDateTime t = ZonedDateTime.of(day, LocalTime.of(h, 0), zone);
            if (t.getHour() == h) { // not moved by a daylight-saving gap
                out.put(t.toInstant(), p[h]);
            }
        }
        return out;
    }

    /** Writes what is due at now: today and tomorrow at the first call, then tomorrow from the release hour on. */
    void step() throws IOException {
        ZonedDateTime now = sim.instant().atZone(zone);
        LocalDate today = now.toLocalDate();
        if (written.isEmpty()) {
            write(today);
        }
        if ((written.size() == 1 || now.getHour() >= publishHour) && !written.contains(today.plusDays(1))) {
            write(today.plusDays(1));
        }
    }

    /** Writes the file of simulated day {@code day} into the inbox; returns it. */
    Path write(LocalDate day) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        pricesOf(day)
                .forEach((t, p) -> csv.append(t)
                        .append(',')
                        .append(t.atZone(zone).toOffsetDateTime())
                        .append(',')
                        .append(p)
                        .append('\n'));
        Files.createDirectories(inbox);
        Path file = inbox.resolve("prices_DE_LU_field_" + day + ".csv");
        Path tmp = inbox.resolve(".writing-" + file.getFileName());
        Files.writeString(tmp, csv, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written.add(day);
        LOG.info(
                "prices: {} written ({} hours)",
                file,
                csv.chars().filter(c -> c == '\n').count() - 1);
        return file;
    }
}
