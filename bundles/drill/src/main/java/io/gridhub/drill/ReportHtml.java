package io.gridhub.drill;

import io.gridhub.drill.DrillReport.Figures;
import io.gridhub.drill.DrillReport.MemberFigures;
import io.gridhub.drill.DrillReport.Spread;
import io.gridhub.drill.DrillReport.Trajectory;
import java.util.List;
import java.util.Locale;

/**
 * A drill report as one self-contained HTML page: the figures, the recommendation in words, and charts drawn as
 * inline SVG (the console's ECharts is served by the hub; a report file must open anywhere, offline).
 */
public final class ReportHtml {
    private static final int W = 900;
    private static final int H = 260;
    private static final int PAD = 48;
    private static final String[] COLORS = {"#2f6fb0", "#c0392b", "#27ae60", "#e67e22", "#8e44ad", "#7f8c8d"};

    private ReportHtml() {}

    public static String render(DrillReport r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drill ")
                .append(esc(r.drill()))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:2em;max-width:960px;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}"
                        + "svg{background:#fafafa;border:1px solid #ddd}.legend span{margin-right:1em}"
                        + "</style></head><body>");
        b.append("<h1>Drill ").append(esc(r.drill())).append("</h1>");
        if (r.description() != null) {
            b.append("<p>").append(esc(r.description())).append("</p>");
        }
        b.append("<p>Scenario <b>")
                .append(esc(r.scenario()))
                .append("</b>, community <b>")
                .append(esc(r.community()))
                .append("</b>; window ")
                .append(esc(r.windowStart()))
                .append(" … ")
                .append(esc(r.windowEnd()))
                .append(String.format(
                        Locale.ROOT,
                        " (%.2f h); %d of %d samples by the %s in %d ms%s.</p>",
                        r.windowHours(),
                        r.runsCompleted(),
                        r.runsRequested(),
                        r.method(),
                        r.elapsedMillis(),
                        r.budgetExhausted() ? " (time budget spent)" : ""));
        b.append("<ul>");
        r.events().forEach(e -> b.append("<li>").append(esc(e)).append("</li>"));
        b.append("</ul><h2>Community</h2>");
        Figures f = r.communityFigures();
        b.append("<table><tr><th></th><th>P10</th><th>P50</th><th>P90</th><th>mean</th></tr>");
        row(b, "critical survival (h)", f.survivalHours());
        row(b, "critical energy not served (kWh)", f.criticalNotServedKWh());
        row(b, "energy not served (kWh)", f.notServedKWh());
        row(b, "cost (EUR)", f.costEur());
        b.append("</table>");
        b.append(String.format(
                Locale.ROOT,
                "<p>Critical loads survive the whole window in %.0f %% of samples.%s</p>",
                100 * f.survivesWindowShare(),
                r.baselineCostEur() == null
                        ? ""
                        : String.format(Locale.ROOT, " Without the events: %.2f EUR.", r.baselineCostEur())));
        b.append("<h2>Recommendation</h2><ul>");
        r.recommendation()
                .explanation()
                .forEach(x -> b.append("<li>").append(esc(x)).append("</li>"));
        b.append("</ul>");
        if (r.proposal() != null) {
            b.append("<p>As a governed dispatch-policy proposal (raise <code>version</code> above the policy in force, "
                            + "then POST /api/v1/governance/proposals <code>{\"policy\": …}</code>):</p><pre>")
                    .append(esc(r.proposal().toPrettyString()))
                    .append("</pre>");
        }
        Trajectory t = r.deterministic();
        b.append("<h2>Deterministic drill</h2><h3>Stored energy (kWh)</h3>");
        chart(b, t.times(), List.of("stored"), List.of(scale(t.storedWh(), 1e-3)));
        b.append("<h3>Loads, PV and grid (kW)</h3>");
        chart(
                b,
                t.times(),
                List.of("critical served", "critical not served", "other served", "other not served", "PV", "grid"),
                List.of(
                        scale(t.criticalServedW(), 1e-3),
                        scale(t.criticalShedW(), 1e-3),
                        scale(t.otherServedW(), 1e-3),
                        scale(t.otherShedW(), 1e-3),
                        scale(t.pvW(), 1e-3),
                        scale(t.gridW(), 1e-3)));
        b.append("<h2>Members</h2><h3>Critical survival, P10 … P90 (bar) and P50 (mark), hours</h3>");
        survivalBars(b, r.members(), r.windowHours());
        b.append("<table><tr><th>member</th><th>critical W</th><th>critical share</th><th>shed priority</th>"
                + "<th>survival P10</th><th>P50</th><th>P90</th><th>critical not served P50 (kWh)</th>"
                + "<th>P90</th><th>not served P50 (kWh)</th></tr>");
        for (MemberFigures m : r.members()) {
            b.append(String.format(
                    Locale.ROOT,
                    "<tr><td>%s</td><td>%.0f</td><td>%.2f</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>"
                            + "<td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>",
                    esc(m.member()),
                    m.criticalW(),
                    m.criticalShare(),
                    m.shedPriority(),
                    m.survivalHours().p10(),
                    m.survivalHours().p50(),
                    m.survivalHours().p90(),
                    m.criticalNotServedKWh().p50(),
                    m.criticalNotServedKWh().p90(),
                    m.notServedKWh().p50()));
        }
        b.append("</table></body></html>\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, Spread s) {
        b.append(String.format(
                Locale.ROOT,
                "<tr><td>%s</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>",
                name,
                s.p10(),
                s.p50(),
                s.p90(),
                s.mean()));
    }

    private static double[] scale(double[] v, double f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * f;
        }
        return out;
    }

    /** Lines over the steps, with a zero line, the y range and the first and last time. */
    private static void chart(StringBuilder b, List<String> times, List<String> names, List<double[]> series) {
        double lo = 0;
        double hi = 0;
        for (double[] s : series) {
            for (double x : s) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        int n = times.size();
        double w = W - 2 * PAD;
        double h = H - 2 * PAD;
        double top = hi;
        double span = hi - lo;
        b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">", W, H));
        double zero = PAD + h * (top - 0) / span;
        b.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>",
                PAD,
                W - PAD,
                zero,
                zero));
        b.append(label(4, PAD + 4, String.format(Locale.ROOT, "%.1f", hi)));
        b.append(label(4, H - PAD, String.format(Locale.ROOT, "%.1f", lo)));
        if (n > 0) {
            b.append(label(PAD, H - PAD + 18, esc(times.get(0))));
            b.append(label(W - PAD - 150, H - PAD + 18, esc(times.get(n - 1))));
        }
        for (int i = 0; i < series.size(); i++) {
            double[] s = series.get(i);
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k < s.length; k++) {
                double x = PAD + (n <= 1 ? 0 : w * k / (n - 1));
                double y = PAD + h * (top - s[k]) / span;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            b.append(String.format(
                    Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>",
                    COLORS[i % COLORS.length],
                    pts.toString().trim()));
        }
        b.append("</svg><div class=\"legend\">");
        for (int i = 0; i < names.size(); i++) {
            b.append(String.format(
                    Locale.ROOT,
                    "<span style=\"color:%s\">&#9632; %s</span>",
                    COLORS[i % COLORS.length],
                    names.get(i)));
        }
        b.append("</div>");
    }

    private static void survivalBars(StringBuilder b, List<MemberFigures> members, double window) {
        int rowH = 14;
        int height = PAD + rowH * members.size() + 10;
        double w = W - 2 * PAD - 60;
        double max = Math.max(window, 1e-9);
        b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">", W, height));
        b.append(label(PAD + 60, 20, "0 h"));
        b.append(label((int) (PAD + 60 + w) - 40, 20, String.format(Locale.ROOT, "%.1f h", window)));
        for (int i = 0; i < members.size(); i++) {
            Spread s = members.get(i).survivalHours();
            int y = PAD + i * rowH;
            double x10 = PAD + 60 + w * s.p10() / max;
            double x90 = PAD + 60 + w * s.p90() / max;
            double x50 = PAD + 60 + w * s.p50() / max;
            b.append(label(4, y + 10, esc(members.get(i).member())));
            b.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#9cc3e6\"/>"
                            + "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#2f6fb0\" "
                            + "stroke-width=\"2\"/>",
                    x10,
                    y + 2,
                    Math.max(1, x90 - x10),
                    rowH - 4,
                    x50,
                    x50,
                    y,
                    y + rowH));
        }
        b.append("</svg>");
    }

    private static String label(int x, int y, String text) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", x, y, text);
    }

    static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }
}
