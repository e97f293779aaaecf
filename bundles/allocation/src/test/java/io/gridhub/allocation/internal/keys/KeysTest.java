package io.gridhub.allocation.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.allocation.internal.RandomCommunity;
import io.gridhub.allocation.internal.data.MeterTable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {
    private static final double EPS = 1e-9;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void noKeyAllocatesMoreThanGenerationOrAMembersConsumption(long seed) {
        MeterTable m = RandomCommunity.table(25, 96, seed);
        int n = m.members();
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double[] factor = new double[n];
        double[] share = new double[n];
        int[] group = new int[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            factor[i] = 0.2 + 0.8 * r.nextDouble();
            share[i] = 1.0 / n;
            group[i] = r.nextInt(3);
        }
        double[] totals = new double[2 * m.intervals()];
        double[] left = new double[3 * m.intervals()];
        for (double[] f : new double[][] {ones, factor}) {
            check(m, f, Keys.dynamic(m, f, totals));
            check(m, f, Keys.fixed(m, f, share, totals));
            check(m, f, Keys.priority(m, f, group, 3, left, totals));
        }
    }

    private static void check(MeterTable m, double[] f, double[] a) {
        int n = m.members();
        for (int t = 0; t < m.intervals(); t++) {
            double sum = 0;
            double gen = 0;
            for (int i = 0; i < n; i++) {
                assertThat(a[t * n + i]).isGreaterThanOrEqualTo(0);
                assertThat(a[t * n + i]).isLessThanOrEqualTo(m.consumption(t, i) * f[i] + EPS);
                assertThat(a[t * n + i]).isLessThanOrEqualTo(m.consumption(t, i) + EPS);
                sum += a[t * n + i];
                gen += m.generation(t, i) * f[i];
            }
            assertThat(sum).isLessThanOrEqualTo(gen + EPS);
            assertThat(sum).isLessThanOrEqualTo(m.totalGeneration() + EPS);
        }
    }

    @Test
    void dynamicIsConsumptionTimesMinOfOneAndGOverC() {
        MeterTable m = RandomCommunity.table(10, 48, 7);
        double[] ones = new double[10];
        Arrays.fill(ones, 1);
        double[] a = Keys.dynamic(m, ones, new double[96]);
        for (int t = 0; t < 48; t++) {
            double g = 0;
            double c = 0;
            for (int i = 0; i < 10; i++) {
                g += m.generation(t, i);
                c += m.consumption(t, i);
            }
            for (int i = 0; i < 10; i++) {
                double want = c > 0 ? m.consumption(t, i) * Math.min(1, g / c) : 0;
                assertThat(a[t * 10 + i]).isCloseTo(want, Offset.offset(1e-12));
            }
        }
    }

    @Test
    void staticKeyGivesTheUnusedShareToTheGrid() {
        // Two consumers, one producer of 10 kWh; shares 70/30; A uses 2, B uses 5.
        MeterTable m = MeterTable.of(
                new String[] {"A", "B", "P"},
                Instant.EPOCH,
                Duration.ofMinutes(15),
                1,
                new double[] {2, 5, 0},
                new double[] {0, 0, 10});
        double[] a = Keys.fixed(m, new double[] {1, 1, 1}, new double[] {0.7, 0.3, 0}, new double[2]);
        assertThat(a).containsExactly(2, 3, 0);
    }

    @Test
    void priorityServesTheFirstGroupBeforeTheNext() {
        MeterTable m = MeterTable.of(
                new String[] {"A", "B", "C", "P"},
                Instant.EPOCH,
                Duration.ofMinutes(15),
                1,
                new double[] {2, 2, 4, 0},
                new double[] {0, 0, 0, 6});
        double[] a =
                Keys.priority(m, new double[] {1, 1, 1, 1}, new int[] {0, 0, 1, 1}, 2, new double[2], new double[2]);
        assertThat(a).containsExactly(2, 2, 2, 0);
    }
}
