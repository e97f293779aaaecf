package io.gridhub.allocation.internal.keys;

import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.api.allocation.AllocationPolicy;
import java.util.Arrays;

/**
 * The regulated sharing keys as single passes over a {@link MeterTable}. Every key works per interval on the
 * members' effective consumption c_i and generation g_i (metered energy × the member's participation factor in
 * this community, ElWOG §16e) and keeps two invariants: Σ_i a_i ≤ G = Σ g_i and a_i ≤ c_i. What no member can
 * use stays with the grid. kWh throughout.
 */
public final class Keys {
    private Keys() {}

    /** Per-member participation factors in the policy's community (1 where none is declared). */
    public static double[] factors(MeterTable m, AllocationPolicy p) {
        double[] f = new double[m.members()];
        for (int i = 0; i < f.length; i++) {
            f[i] = p.factorOf(m.member(i));
        }
        return f;
    }

    /**
     * Static key: a_i = min(s_i·G, c_i). A share larger than the member's consumption is not passed on to
     * others: the rest goes to the grid.
     *
     * @param totals receives G and C per interval (2 per interval), for the statements
     */
    public static double[] fixed(MeterTable m, double[] factor, double[] share, double[] totals) {
        sums(m, factor, totals);
        int n = m.members();
        double[] c = m.consumptionArray();
        double[] a = new double[c.length];
        for (int t = 0, o = 0; o < a.length; t++, o += n) {
            double gen = totals[2 * t];
            for (int i = 0; i < n; i++) {
                a[o + i] = Math.min(share[i] * gen, c[o + i] * factor[i]);
            }
        }
        return a;
    }

    /**
     * Dynamic key: a_i = c_i·min(1, G/C), i.e. generation in proportion to consumption, capped by it. It is the
     * priority key with every member in one group, and computed as that.
     */
    public static double[] dynamic(MeterTable m, double[] factor, double[] totals) {
        return priority(m, factor, new int[m.members()], 1, new double[m.intervals()], totals);
    }

    /** Per interval t the community's G = Σ g_i·f_i and C = Σ c_i·f_i, into {@code totals[2t]} and {@code [2t+1]}. */
    private static void sums(MeterTable m, double[] factor, double[] totals) {
        int n = m.members();
        double[] c = m.consumptionArray();
        double[] g = m.generationArray();
        for (int t = 0, o = 0; t < m.intervals(); t++, o += n) {
            double gen = 0;
            double con = 0;
            for (int i = 0; i < n; i++) {
                gen += g[o + i] * factor[i];
                con += c[o + i] * factor[i];
            }
            totals[2 * t] = gen;
            totals[2 * t + 1] = con;
        }
    }

    /**
     * Priority groups: group 0 is served first with the dynamic key on all of G, the next group shares what is
     * left, and so on.
     *
     * @param group     per member its group index (0 = first served)
     * @param remaining receives, per interval and group, the energy the group shared in (groups per interval)
     */
    public static double[] priority(
            MeterTable m, double[] factor, int[] group, int groups, double[] remaining, double[] totals) {
        int n = m.members();
        int tt = m.intervals();
        double[] c = m.consumptionArray();
        double[] g = m.generationArray();
        double[] a = new double[n * tt];
        double[] groupC = new double[groups];
        double[] ratio = new double[groups];
        for (int t = 0, o = 0; t < tt; t++, o += n) {
            double gen = 0;
            double con = 0;
            Arrays.fill(groupC, 0);
            for (int i = 0; i < n; i++) {
                gen += g[o + i] * factor[i];
                double ci = c[o + i] * factor[i];
                con += ci;
                groupC[group[i]] += ci;
            }
            double left = gen;
            for (int k = 0; k < groups; k++) {
                remaining[t * groups + k] = left;
                ratio[k] = groupC[k] > 0 ? Math.min(1.0, left / groupC[k]) : 0;
                left -= groupC[k] * ratio[k];
                left = Math.max(left, 0);
            }
            for (int i = 0; i < n; i++) {
                a[o + i] = c[o + i] * factor[i] * ratio[group[i]];
            }
            totals[2 * t] = gen;
            totals[2 * t + 1] = con;
        }
        return a;
    }
}
