package io.gridhub.cli.backtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/** Test data: a synthetic half-hourly load with temperature, written like the Ausgrid file. */
final class Csv {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private Csv() {}

    static String synthetic(int days, long seed, int perturbFromRow) {
        StringBuilder sb = new StringBuilder("interval_start_local,load_kWh,temp\n");
        Random r = new Random(seed);
        Random p = new Random(seed + 1);
        LocalDateTime t = LocalDateTime.of(2012, 1, 2, 0, 0);
        for (int i = 0; i < days * 48; i++, t = t.plusMinutes(30)) {
            int slot = i % 48;
            int dow = (i / 48) % 7;
            double temp = 22 + 6 * Math.sin(2 * Math.PI * (slot - 18) / 48.0) + 4 * Math.sin(i / 300.0);
            double y = 100
                    + 40 * Math.sin(2 * Math.PI * (slot - 12) / 48.0)
                    - (dow >= 5 ? 20 : 0)
                    + 3 * Math.max(0, temp - 24)
                    + r.nextGaussian() * 3;
            if (perturbFromRow >= 0 && i >= perturbFromRow) {
                y = p.nextDouble() * 1000;
                temp = p.nextDouble() * 50;
            }
            sb.append(ISO.format(t)).append(String.format(Locale.ROOT, ",%.3f,%.1f%n", y, temp));
        }
        return sb.toString();
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }
}
