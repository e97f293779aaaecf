package io.gridhub.forecast.runner.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A recorded half-hourly profile (kWh per interval) looped onto the clock the way the demo's replay simulator
 * loops it: interval {@code n} since the epoch is row {@code n mod rows}. It stands in for the history the hub
 * has not observed yet (before it started), so a forecast can be made from the first minute.
 */
final class SeedProfile {
    private final double[] loadW;
    private final double[] pvW;

    private SeedProfile(double[] loadW, double[] pvW) {
        this.loadW = loadW;
        this.pvW = pvW;
    }

    static SeedProfile read(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build();
        try (Reader in = Files.newBufferedReader(file);
                var parser = format.parse(in)) {
            for (CSVRecord r : parser) {
                try {
                    rows.add(new double[] {Double.parseDouble(r.get("load_kWh")), Double.parseDouble(r.get("pv_kWh"))});
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ", line " + (r.getRecordNumber() + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        if (rows.isEmpty()) {
            throw new IOException(file + ": no rows");
        }
        double[] load = new double[rows.size()];
        double[] pv = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            load[i] = rows.get(i)[0] * 2000; // kWh per 30 min → average W
            pv[i] = rows.get(i)[1] * 2000;
        }
        return new SeedProfile(load, pv);
    }

    double loadW(long interval) {
        return loadW[(int) Math.floorMod(interval, (long) loadW.length)];
    }

    double pvW(long interval) {
        return pvW[(int) Math.floorMod(interval, (long) pvW.length)];
    }

    double peakPvW() {
        double m = 0;
        for (double v : pvW) {
            m = Math.max(m, v);
        }
        return m;
    }
}
