package io.gridhub.dispatch.common;

import io.gridhub.dispatch.common.ScenarioView.Ev;
import io.gridhub.dispatch.common.ScenarioView.Flex;
import io.gridhub.dispatch.common.ScenarioView.Pv;
import java.util.Locale;
import java.util.function.IntFunction;

/** One sentence per asset that says what the plan makes it do and why, in words a member understands. */
public final class Reasons {
    private Reasons() {}

    /**
     * @param value what a kWh is worth to the community at each step (EUR/kWh): the marginal price where an LP
     *              gives one, else the import price
     */
    public static String battery(double[] sp, double dt, double[] value) {
        double ch = 0;
        double dis = 0;
        double chV = 0;
        double disV = 0;
        int nCh = 0;
        int nDis = 0;
        for (int t = 0; t < sp.length; t++) {
            double e = Math.abs(sp[t]) * dt / 1000;
            if (sp[t] < -1) {
                ch += e;
                chV += e * value[t];
                nCh++;
            } else if (sp[t] > 1) {
                dis += e;
                disV += e * value[t];
                nDis++;
            }
        }
        if (nCh == 0 && nDis == 0) {
            return "stays idle: no price difference in the horizon pays for its losses and wear";
        }
        return f(
                "charges %.1f kWh in %s when energy is worth %.3f EUR/kWh on average and discharges %.1f kWh "
                        + "in %s when it is worth %.3f EUR/kWh",
                ch, steps(nCh), avg(chV, ch), dis, steps(nDis), avg(disV, dis));
    }

    /** @param cause why PV is curtailed at a step (e.g. "feeder f1 export limit"), or null if it is not */
    public static String pv(Pv pv, double[] sp, double dt, IntFunction<String> cause) {
        double cut = 0;
        int steps = 0;
        String why = null;
        for (int t = 0; t < sp.length; t++) {
            double c = (pv.forecastW()[t] - sp[t]) * dt / 1000;
            if (c > 1e-3) {
                cut += c;
                steps++;
                if (why == null) {
                    why = cause.apply(t);
                }
            }
        }
        if (steps == 0) {
            return "produces all it can: every kWh is used or exported at a price above 0";
        }
        return f("curtailed by %.1f kWh in %s: %s", cut, steps(steps), why == null ? "nobody can use the energy" : why);
    }

    public static String ev(Ev ev, double[] sp, double dt, double[] value) {
        return deferrable("charges", ev.from(), ev.to(), ev.p().energyWh(), sp, dt, value, "its stay");
    }

    public static String flex(Flex f, double[] sp, double dt, double[] value) {
        return deferrable("runs", f.from(), f.to(), f.p().energyWh(), sp, dt, value, "its window");
    }

    private static String deferrable(
            String verb, int from, int to, double needWh, double[] sp, double dt, double[] value, String span) {
        double e = 0;
        double ev = 0;
        int used = 0;
        double all = 0;
        for (int t = from; t < to; t++) {
            all += value[t];
            double x = sp[t] * dt / 1000;
            if (x > 1e-6) {
                e += x;
                ev += x * value[t];
                used++;
            }
        }
        if (used == 0) {
            return needWh > 0 ? "gets nothing: " + span + " has no step it can use" : "needs nothing";
        }
        return f(
                "%s %.1f kWh in %d of the %d steps of %s, when energy is worth %.3f EUR/kWh on average "
                        + "(%.3f over %s)",
                verb, e, used, to - from, span, avg(ev, e), all / Math.max(1, to - from), span);
    }

    private static String steps(int n) {
        return n == 1 ? "1 step" : n + " steps";
    }

    private static double avg(double sum, double weight) {
        return weight > 0 ? sum / weight : 0;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
