package io.gridhub.allocation.internal.fair;

/**
 * The Shapley value straight from its definition, φ_i = (1/n!) Σ_π [v(P_i^π ∪ {i}) − v(P_i^π)] over all n!
 * orders π, every coalition's savings evaluated from the meter data. The one reference implementation that the
 * tests and the benchmark check {@link ExactShapley} and {@link SampledShapley} against; n! grows fast, so it
 * is limited to {@link #MAX_MEMBERS}.
 */
public final class ShapleyByDefinition {
    public static final int MAX_MEMBERS = 10;

    private ShapleyByDefinition() {}

    public static double[] compute(SavingsGame game) {
        int n = game.members();
        if (n > MAX_MEMBERS) {
            throw new IllegalArgumentException("the Shapley value by definition is limited to " + MAX_MEMBERS
                    + " members (" + n + "! orders), got " + n);
        }
        double[] phi = new double[n];
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        long count = 0;
        do {
            long mask = 0;
            double before = 0;
            for (int k = 0; k < n; k++) {
                mask |= 1L << perm[k];
                double after = game.savings(mask);
                phi[perm[k]] += after - before;
                before = after;
            }
            count++;
        } while (nextPermutation(perm));
        for (int i = 0; i < n; i++) {
            phi[i] /= count;
        }
        return phi;
    }

    /** The next permutation in lexicographic order; false after the last. */
    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }
}
