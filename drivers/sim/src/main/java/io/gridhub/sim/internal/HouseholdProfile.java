package io.gridhub.sim.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * One real home's half-hourly load and PV (kWh per interval), as a loop the simulator replays: value at any
 * instant is interpolated between interval midpoints, so the replay is smooth at any publishing rate.
 */
final class HouseholdProfile {
    static final int INTERVAL_SECONDS = 1800;

    private final double[] loadW;
    private final double[] pvW;
    private final double peakPvW;

    private HouseholdProfile(double[] loadW, double[] pvW) {
        this.loadW = loadW;
        this.pvW = pvW;
        double peak = 0;
        for (double v : pvW) {
            peak = Math.max(peak, v);
        }
        this.peakPvW = peak;
    }

    /**
     * Reads a CSV with {@code load_kWh} and {@code pv_kWh} columns per 30-minute interval.
     *
     * @throws IOException with the file, line and reason when a row does not parse
     */
    static HouseholdProfile read(Path file) throws IOException {
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
        return new HouseholdProfile(load, pv);
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

    int intervals() {
        return loadW.length;
    }

    double peakPvW() {
        return peakPvW;
    }

    double loadW(double intervalPosition) {
        return interpolate(loadW, intervalPosition);
    }

    double pvW(double intervalPosition) {
        return interpolate(pvW, intervalPosition);
    }

    /** Linear between interval midpoints; the position wraps around the end of the recording. */
    private static double interpolate(double[] v, double position) {
        double x = position - 0.5;
        int n = v.length;
        double floor = Math.floor(x);
        int i = Math.floorMod((long) floor, n);
        double f = x - floor;
        return v[i] * (1 - f) + v[(i + 1) % n] * f;
    }
}
