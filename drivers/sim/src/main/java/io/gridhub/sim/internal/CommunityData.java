package io.gridhub.sim.internal;

import io.gridhub.forecast.common.recording.LoopedDays;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The community's four weeks (config/demo/data/community-2013-02.csv): per 30-minute slot the households' kWh
 * (H01..H50), the PV aggregate's kWh and the weather. Replayed onto any instant by local time in the data's zone,
 * as the forecast runner loops its seed ({@link LoopedDays}): slice day {@code floorMod(D - firstDay, days)} for the
 * local date D, which keeps weekdays when the slice is whole weeks, at the same slot of the day. Power is constant
 * within a slot (kWh × 2000 W), so the energy over a slot is the data's exactly. Slots start at :00 and :30 of
 * the zone, i.e. at multiples of 30 minutes of UTC for every zone whose offset is whole half hours.
 */
final class CommunityData {
    static final long SLOT_MILLIS = LoopedDays.SLOT_SECONDS * 1000L;
    private static final int SLOTS_PER_DAY = LoopedDays.SLOTS_PER_DAY;

    private final ZoneId zone;
    private final LocalDate firstDay;
    private final double[][] householdKwh;
    private final double[] pvKwh;
    private final double[] temperatureC;
    private final double[] humidityPct;
    private final double[] windKmh;

    private CommunityData(ZoneId zone, LocalDate firstDay, double[][] householdKwh, double[][] columns) {
        this.zone = zone;
        this.firstDay = firstDay;
        this.householdKwh = householdKwh;
        this.pvKwh = columns[0];
        this.temperatureC = columns[1];
        this.humidityPct = columns[2];
        this.windKmh = columns[3];
    }

    /**
     * Reads the slice: {@code interval_start_local}, {@code H01..Hnn}, {@code pv_kWh}, {@code air_temperature_degC},
     * {@code relative_humidity_pct}, {@code wind_speed_km_h}; whole days from 00:00, every cell a number.
     *
     * @throws IOException with the file, line and column of a cell that does not parse
     */
    static CommunityData read(Path file, ZoneId zone) throws IOException {
        String[] weather = {"pv_kWh", "air_temperature_degC", "relative_humidity_pct", "wind_speed_km_h"};
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var rows = CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .build()
                    .parse(in)
                    .getRecords();
            if (rows.isEmpty() || rows.size() % SLOTS_PER_DAY != 0) {
                throw new IOException(file + ": " + rows.size() + " rows, expected whole days of 48 slots");
            }
            var header = rows.get(0).getParser().getHeaderNames();
            int homes = (int) header.stream().filter(h -> h.matches("H\\d+")).count();
            double[][] kwh = new double[rows.size()][homes];
            double[][] columns = new double[weather.length][rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                CSVRecord row = rows.get(r);
                for (int h = 0; h < homes; h++) {
                    kwh[r][h] = number(file, row, String.format("H%02d", h + 1));
                }
                for (int c = 0; c < weather.length; c++) {
                    columns[c][r] = number(file, row, weather[c]);
                }
            }
            LocalDateTime first = LocalDateTime.parse(rows.get(0).get("interval_start_local"));
            if (!first.toLocalTime().equals(LocalTime.MIDNIGHT)) {
                throw new IOException(file + ": the first row starts at " + first + ", expected 00:00");
            }
            return new CommunityData(zone, first.toLocalDate(), kwh, columns);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static double number(Path file, CSVRecord row, String column) throws IOException {
        String v = row.isMapped(column) ? row.get(column) : null;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException(file + ", line " + (row.getRecordNumber() + 1) + ", column " + column + ": '" + v
                    + "' is not a number");
        }
    }

    int households() {
        return householdKwh.length == 0 ? 0 : householdKwh[0].length;
    }

    ZoneId zone() {
        return zone;
    }

    /** The row of the slice replayed at {@code epochMillis}. */
    int row(long epochMillis) {
        return LoopedDays.row(Instant.ofEpochMilli(epochMillis), zone, firstDay, householdKwh.length);
    }

    /** Household {@code member} (1-based, H01 = 1) at the instant: W, + consumption. */
    double householdW(int member, long epochMillis) {
        return householdKwh[row(epochMillis)][member - 1] * 2000;
    }

    /** Household {@code member}'s mean energy per day over the whole slice, Wh. */
    double dailyMeanWh(int member) {
        double kwh = 0;
        for (double[] row : householdKwh) {
            kwh += row[member - 1];
        }
        return kwh * 1000 * SLOTS_PER_DAY / householdKwh.length;
    }

    /** The PV aggregate's power at the instant, W. */
    double pvAggregateW(long epochMillis) {
        return pvKwh[row(epochMillis)] * 2000;
    }

    double temperatureC(long epochMillis) {
        return temperatureC[row(epochMillis)];
    }

    double humidityPct(long epochMillis) {
        return humidityPct[row(epochMillis)];
    }

    double windKmh(long epochMillis) {
        return windKmh[row(epochMillis)];
    }

    /** The energy household {@code member} consumes in [from, to), Wh: the power of each slot times its share. */
    double householdWh(int member, long fromMillis, long toMillis) {
        double wh = 0;
        long t = fromMillis;
        while (t < toMillis) {
            long end = Math.min(toMillis, Math.floorDiv(t, SLOT_MILLIS) * SLOT_MILLIS + SLOT_MILLIS);
            wh += householdW(member, t) * (end - t) / 3_600_000.0;
            t = end;
        }
        return wh;
    }
}
