package io.gridhub.allocation.internal.fair;

import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.api.allocation.Prices;

/**
 * The community's savings game. Per interval t with import price p_imp(t), export price p_exp(t) and
 * net_i(t) = c_i(t) − g_i(t) (kWh, times the participation factor), a coalition S costs
 * C(S) = Σ_t f_t(Σ_{i∈S} net_i(t)) with f_t(x) = p_imp·max(x, 0) − p_exp·max(−x, 0), and saves
 * v(S) = Σ_{i∈S} C({i}) − C(S). Because f_t(x) = p_exp·x + (p_imp − p_exp)·max(x, 0), only the max part makes
 * members interact, and only in intervals where some nets are positive and some negative ("mixed").
 */
public final class SavingsGame {
    final int n;
    final int intervals;
    final double[] net;
    final double[] pImp;
    final double[] pExp;

    public SavingsGame(int n, int intervals, double[] net, double[] pImp, double[] pExp) {
        this.n = n;
        this.intervals = intervals;
        this.net = net;
        this.pImp = pImp;
        this.pExp = pExp;
    }

    public static SavingsGame of(MeterTable m, double[] factor, Prices prices) {
        int n = m.members();
        int tt = m.intervals();
        double[] net = new double[n * tt];
        double[] c = m.consumptionArray();
        double[] g = m.generationArray();
        for (int k = 0; k < net.length; k++) {
            net[k] = (c[k] - g[k]) * factor[k % n];
        }
        double[] pi = new double[tt];
        double[] pe = new double[tt];
        for (int t = 0; t < tt; t++) {
            pi[t] = prices.importAt(m.start(t));
            pe[t] = prices.exportAt(m.start(t));
        }
        return new SavingsGame(n, tt, net, pi, pe);
    }

    public int members() {
        return n;
    }

    public int intervals() {
        return intervals;
    }

    public double net(int t, int i) {
        return net[t * n + i];
    }

    /** f_t(x): what the community pays (negative: earns) for a net import x in interval t. */
    public double f(int t, double x) {
        return x >= 0 ? pImp[t] * x : pExp[t] * x;
    }

    /** C({i}) over all intervals. */
    public double standalone(int i) {
        double s = 0;
        for (int t = 0; t < intervals; t++) {
            s += f(t, net[t * n + i]);
        }
        return s;
    }

    /** v(S) for a coalition given as a bit mask (n ≤ 62): for tests and brute force. */
    public double savings(long mask) {
        double v = 0;
        for (int t = 0; t < intervals; t++) {
            double x = 0;
            double single = 0;
            for (int i = 0; i < n; i++) {
                if ((mask >>> i & 1) != 0) {
                    x += net[t * n + i];
                    single += f(t, net[t * n + i]);
                }
            }
            v += single - f(t, x);
        }
        return v;
    }

    /** v^t(N): the savings of the whole community in each interval. */
    public double[] intervalSavings() {
        double[] v = new double[intervals];
        for (int t = 0; t < intervals; t++) {
            double x = 0;
            double single = 0;
            for (int i = 0; i < n; i++) {
                x += net[t * n + i];
                single += f(t, net[t * n + i]);
            }
            v[t] = single - f(t, x);
        }
        return v;
    }

    /** Whether interval t has nets of both signs, so that the max part is not additive there. */
    public boolean mixed(int t) {
        boolean pos = false;
        boolean neg = false;
        for (int i = 0; i < n; i++) {
            double x = net[t * n + i];
            pos |= x > 0;
            neg |= x < 0;
        }
        return pos && neg;
    }

    /**
     * Per interval and member the part of φ_i(v) that needs no coalitions: f_t(net_i) − p_exp·net_i − (in an
     * interval where no net is negative) (p_imp − p_exp)·net_i. In mixed intervals the Shapley value of the max
     * part must still be subtracted.
     */
    double[] closedForm() {
        double[] phi = new double[n * intervals];
        for (int t = 0; t < intervals; t++) {
            boolean mixed = mixed(t);
            boolean nonNeg = !mixed && anyPositive(t);
            double d = pImp[t] - pExp[t];
            for (int i = 0; i < n; i++) {
                double x = net[t * n + i];
                phi[t * n + i] = f(t, x) - pExp[t] * x - (nonNeg ? d * x : 0);
            }
        }
        return phi;
    }

    private boolean anyPositive(int t) {
        for (int i = 0; i < n; i++) {
            if (net[t * n + i] > 0) {
                return true;
            }
        }
        return false;
    }
}
