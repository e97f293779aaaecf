package io.gridhub.forecast.common.recording;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * One real home's (or a community's) half-hourly recording: a CSV with {@code load_kWh} and {@code pv_kWh} per
 * 30-minute interval, held as the average power over each interval, W, optionally with the
 * {@code interval_start_local} of each row. The forecast runner seeds its history with it, looped onto the clock
 * by local time ({@link #loadW(Instant, ZoneId)}): the same local slot of the day and, when the recording names its
 * first day and holds whole weeks, the same weekday. In its own package so that a bundle embedding
 * it ({@code -conditionalpackage}) does not take the rest of forecast-common along.
 */
public final class HouseholdRecording {
    /** The length of one interval of the recording. */
    public static final int INTERVAL_SECONDS = LoopedDays.SLOT_SECONDS;

    private final double[] loadW;
    private final double[] pvW;
    /** The local date of the first row, when the recording names it. */
    private final LocalDate firstDay;

    private HouseholdRecording(double[] loadW, double[] pvW, LocalDate firstDay) {
        this.loadW = loadW;
        this.pvW = pvW;
        this.firstDay = firstDay;
    }

    /**
     * Reads a recording of at least one day (48 rows).
     *
     * @throws IOException with the file, line, column and value when a row does not parse
     */
    public static HouseholdRecording read(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        LocalDate first = null;
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build();
        try (Reader in = Files.newBufferedReader(file);
                var parser = format.parse(in)) {
            if (!parser.getHeaderMap().containsKey("load_kWh")
                    || !parser.getHeaderMap().containsKey("pv_kWh")) {
                throw new IOException(file + ": header must name load_kWh and pv_kWh, has " + parser.getHeaderNames());
            }
            boolean dated = parser.getHeaderMap().containsKey("interval_start_local");
            for (CSVRecord r : parser) {
                if (dated && rows.isEmpty()) {
                    first = firstDay(file, r.get("interval_start_local"));
                }
                rows.add(new double[] {kwh(file, r, "load_kWh"), kwh(file, r, "pv_kWh")});
            }
        }
        if (rows.size() < 48) {
            throw new IOException(file + ": needs at least one day (48 rows), has " + rows.size());
        }
        double[] load = new double[rows.size()];
        double[] pv = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            // kWh per half hour → average W over the interval.
            load[i] = rows.get(i)[0] * 2000;
            pv[i] = rows.get(i)[1] * 2000;
        }
        return new HouseholdRecording(load, pv, first);
    }

    /** The first row's date; only a recording that starts at local midnight names one. */
    private static LocalDate firstDay(Path file, String text) throws IOException {
        try {
            LocalDateTime t = LocalDateTime.parse(text.strip());
            return t.toLocalTime().toSecondOfDay() == 0 ? t.toLocalDate() : null;
        } catch (DateTimeParseException e) {
            throw new IOException(
                    file + ", line 2, column interval_start_local: '" + text
                            + "' is not a local date and time (2013-02-04T00:00:00)",
                    e);
        }
    }

    private static double kwh(Path file, CSVRecord r, String column) throws IOException {
        String raw = r.get(column);
        try {
            double v = Double.parseDouble(raw);
            if (!Double.isFinite(v) || v < 0) {
                throw new NumberFormatException("negative or not finite");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IOException(
                    file + ", line " + (r.getRecordNumber() + 1) + ", column " + column + ": '" + raw
                            + "' is not an energy in kWh ≥ 0",
                    e);
        }
    }

    /** How many intervals the recording holds. */
    public int intervals() {
        return loadW.length;
    }

    /**
     * The row for the 30-minute slot that holds {@code time} in {@code zone}, the recording looped onto the clock by
     * local time ({@link LoopedDays}); without a first day, days are counted from 1970-01-01.
     */
    public int row(Instant time, ZoneId zone) {
        return LoopedDays.row(time, zone, firstDay, loadW.length);
    }

    /** The load of the slot that holds {@code time} in {@code zone} (see {@link #row}), W. */
    public double loadW(Instant time, ZoneId zone) {
        return loadW[row(time, zone)];
    }

    /** The PV of the slot that holds {@code time} in {@code zone} (see {@link #row}), W. */
    public double pvW(Instant time, ZoneId zone) {
        return pvW[row(time, zone)];
    }

    /** The highest PV interval of the recording, W. */
    public double peakPvW() {
        double peak = 0;
        for (double v : pvW) {
            peak = Math.max(peak, v);
        }
        return peak;
    }
}
