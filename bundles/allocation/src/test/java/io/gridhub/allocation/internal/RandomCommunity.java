package io.gridhub.allocation.internal;

import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.allocation.internal.fair.SavingsGame;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/** Random communities for invariant tests: consumers, producers and prosumers with a day shape. Fixed seeds. */
public final class RandomCommunity {
    private RandomCommunity() {}

    public static MeterTable table(int n, int intervals, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] members = new String[n];
        for (int i = 0; i < n; i++) {
            members[i] = String.format("M%02d", i);
        }
        double[] c = new double[n * intervals];
        double[] g = new double[n * intervals];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(3); // 0 consumer, 1 producer, 2 prosumer
            double size = 0.5 + r.nextDouble() * 2;
            for (int t = 0; t < intervals; t++) {
                double sun = Math.max(0, Math.sin(Math.PI * ((t % 48) - 12) / 24.0));
                c[t * n + i] = kind == 1 ? 0 : round(size * (0.2 + r.nextDouble()));
                g[t * n + i] = kind == 0 ? 0 : round(size * 3 * sun * (0.5 + r.nextDouble() / 2));
            }
        }
        return MeterTable.of(members, Instant.parse("2024-06-01T00:00:00Z"), Duration.ofMinutes(30), intervals, c, g);
    }

    public static SavingsGame game(int n, int intervals, long seed) {
        MeterTable m = table(n, intervals, seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        double[] net = new double[n * intervals];
        for (int k = 0; k < net.length; k++) {
            net[k] = m.consumptionArray()[k] - m.generationArray()[k];
        }
        double[] pi = new double[intervals];
        double[] pe = new double[intervals];
        for (int t = 0; t < intervals; t++) {
            pe[t] = r.nextDouble() * 0.1;
            pi[t] = pe[t] + 0.1 + r.nextDouble() * 0.3;
        }
        return new SavingsGame(n, intervals, net, pi, pe);
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
