package io.gridhub.loop.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Import and export prices (EUR/kWh) per local hour of day, repeated every day: the stand-in for a price feed.
 * File format: a CSV with the header {@code hour,importEurPerKWh,exportEurPerKWh} and one row per hour 0–23.
 */
record DayPrices(double[] importEurPerKWh, double[] exportEurPerKWh) {
    static final DayPrices FLAT = new DayPrices(filled(0.30), filled(0.08));

    private static double[] filled(double v) {
        double[] x = new double[24];
        Arrays.fill(x, v);
        return x;
    }

    static DayPrices read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[] imp = new double[24];
        double[] exp = new double[24];
        boolean[] seen = new boolean[24];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("hour")) {
                continue;
            }
            String[] f = line.split(",");
            try {
                int h = Integer.parseInt(f[0].strip());
                imp[h] = Double.parseDouble(f[1].strip());
                exp[h] = Double.parseDouble(f[2].strip());
                seen[h] = true;
            } catch (RuntimeException e) {
                throw new IOException(
                        file + ":" + (i + 1) + ": expected hour,importEurPerKWh,exportEurPerKWh, got '" + line + "'");
            }
        }
        for (int h = 0; h < 24; h++) {
            if (!seen[h]) {
                throw new IOException(file + ": no prices for hour " + h);
            }
        }
        return new DayPrices(imp, exp);
    }
}
