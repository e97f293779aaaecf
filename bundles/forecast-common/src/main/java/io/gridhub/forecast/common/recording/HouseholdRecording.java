package io.gridhub.forecast.common.recording;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * One real home's half-hourly recording: a CSV with {@code load_kWh} and {@code pv_kWh} per 30-minute interval,
 * held as the average power over each interval, W. The demo's replay simulator (drivers/sim) replays it and the
 * forecast runner seeds its history with it, so both read it here. In its own package so that a bundle embedding
 * it ({@code -conditionalpackage}) does not take the rest of forecast-common along.
 */
public final class HouseholdRecording {
    /** The length of one interval of the recording. */
    public static final int INTERVAL_SECONDS = 1800;

    private final double[] loadW;
    private final double[] pvW;

    private HouseholdRecording(double[] loadW, double[] pvW) {
        this.loadW = loadW;
        this.pvW = pvW;
    }

    /**
     * Reads a recording of at least one day (48 rows).
     *
     * @throws IOException with the file, line, column and value when a row does not parse
     */
    public static HouseholdRecording read(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
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
            for (CSVRecord r : parser) {
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
        return new HouseholdRecording(load, pv);
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

    /** The load over interval {@code i}, W; the recording loops, so any interval number (also negative) has one. */
    public double loadW(long i) {
        return loadW[(int) Math.floorMod(i, (long) loadW.length)];
    }

    /** The PV generation over interval {@code i}, W (looped like {@link #loadW}). */
    public double pvW(long i) {
        return pvW[(int) Math.floorMod(i, (long) pvW.length)];
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
