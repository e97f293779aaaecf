package io.gridhub.allocation.internal.run;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.api.settlement.SettlementDiff;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a run's files: {@code allocation.csv} (keys) or {@code shares.csv} (benefit sharing), {@code run.json}
 * (what ran, on what, with which notes and error estimate) and per member {@code statements/<member>.csv} and
 * {@code .json} that explain every line: inputs, allocation, value, rule, policy version, totals.
 */
public final class OutputFiles {
    private static final JsonFactory JSON = new JsonFactory();

    private OutputFiles() {}

    /**
     * The run as a settlement ledger recorded it: its version and, from version 2, what changed against the
     * version before (the statements then list each member's changes after the totals).
     */
    public record Recorded(int version, SettlementDiff changes) {}

    public static void write(Outcome o, String community, Path dir) throws IOException {
        write(o, community, dir, null);
    }

    public static void write(Outcome o, String community, Path dir, Recorded recorded) throws IOException {
        Files.createDirectories(dir.resolve("statements"));
        MeterTable t = o.table();
        int n = t.members();
        CSVFormat csv = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
        if (o.method().key()) {
            try (CSVPrinter p = new CSVPrinter(writer(dir.resolve("allocation.csv")), csv)) {
                p.printRecord("timestamp", "member", "allocated_kWh", "value_EUR");
                for (int k = 0; k < t.intervals(); k++) {
                    for (int i = 0; i < n; i++) {
                        p.printRecord(
                                t.label(k), t.member(i), num(o.allocated()[k * n + i]), num(o.value()[k * n + i]));
                    }
                }
            }
        } else {
            try (CSVPrinter p = new CSVPrinter(writer(dir.resolve("shares.csv")), csv)) {
                p.printRecord("member", "value_EUR");
                for (int i = 0; i < n; i++) {
                    p.printRecord(t.member(i), num(o.share()[i]));
                }
            }
        }
        runJson(o, community, dir.resolve("run.json"));
        for (int i = 0; i < n; i++) {
            statement(o, community, i, dir.resolve("statements"), recorded);
        }
    }

    private static void runJson(Outcome o, String community, Path file) throws IOException {
        MeterTable t = o.table();
        try (JsonGenerator g = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            header(g, o, community);
            g.writeNumberField("members", t.members());
            g.writeNumberField("intervals", t.intervals());
            g.writeObjectFieldStart("facts");
            for (Map.Entry<String, Object> e : o.facts().entrySet()) {
                g.writeFieldName(e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
            if (o.share() != null) {
                g.writeArrayFieldStart("shares");
                for (int i = 0; i < t.members(); i++) {
                    g.writeStartObject();
                    g.writeStringField("member", t.member(i));
                    g.writeNumberField("value_EUR", o.share()[i]);
                    g.writeNumberField("std_error_EUR", o.shareError()[i]);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            notes(g, o);
            g.writeEndObject();
        }
    }

    private static void header(JsonGenerator g, Outcome o, String community) throws IOException {
        g.writeStringField("community", community);
        g.writeStringField("period", o.table().period());
        g.writeStringField("method", o.method().id());
        g.writeStringField("strategy_version", Method.VERSION);
        g.writeStringField("policy", o.policy().ref().toString());
        g.writeNumberField("resolution_minutes", o.table().step().toMinutes());
    }

    private static void notes(JsonGenerator g, Outcome o) throws IOException {
        g.writeArrayFieldStart("notes");
        for (String s : o.notes()) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    private static void statement(Outcome o, String community, int i, Path dir, Recorded recorded) throws IOException {
        MeterTable t = o.table();
        int n = t.members();
        String member = t.member(i);
        String safe = member.replaceAll("[^A-Za-z0-9_.-]", "_");
        String policy = o.policy().ref().toString();
        double c = 0;
        double g = 0;
        double a = 0;
        double v = 0;
        CSVFormat csv = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
        try (CSVPrinter p = new CSVPrinter(writer(dir.resolve(safe + ".csv")), csv);
                JsonGenerator j =
                        JSON.createGenerator(dir.resolve(safe + ".json").toFile(), JsonEncoding.UTF8)) {
            j.useDefaultPrettyPrinter();
            j.writeStartObject();
            j.writeStringField("member", member);
            header(j, o, community);
            if (recorded != null) {
                j.writeNumberField("version", recorded.version());
            }
            j.writeArrayFieldStart("lines");
            p.printRecord(
                    "timestamp", "consumption_kWh", "generation_kWh", "allocated_kWh", "value_EUR", "rule", "policy");
            for (int k = 0; k < t.intervals(); k++) {
                int cell = k * n + i;
                double ci = t.consumption(k, i);
                double gi = t.generation(k, i);
                double ai = o.allocated() == null ? 0 : o.allocated()[cell];
                double vi = o.value()[cell];
                String rule = o.rule().text(k, i);
                c += ci;
                g += gi;
                a += ai;
                v += vi;
                p.printRecord(t.label(k), num(ci), num(gi), num(ai), num(vi), rule, policy);
                line(j, t.label(k), ci, gi, ai, vi, rule, policy);
            }
            if (o.periodPart() != null) {
                String rule = "shapley (exact): coalition part over all mixed intervals of the period";
                p.printRecord("period", num(0), num(0), num(0), num(o.periodPart()[i]), rule, policy);
                line(j, "period", 0, 0, 0, o.periodPart()[i], rule, policy);
                v += o.periodPart()[i];
            }
            j.writeEndArray();
            p.printRecord("TOTAL", num(c), num(g), num(a), num(v), "sum of the lines above", policy);
            j.writeObjectFieldStart("totals");
            j.writeNumberField("consumption_kWh", c);
            j.writeNumberField("generation_kWh", g);
            j.writeNumberField("allocated_kWh", a);
            j.writeNumberField("value_EUR", v);
            if (o.share() != null) {
                j.writeNumberField("share_EUR", o.share()[i]);
                j.writeNumberField("share_std_error_EUR", o.shareError()[i]);
            }
            j.writeEndObject();
            if (recorded != null && recorded.changes() != null) {
                changes(p, j, recorded.changes(), member, policy);
            }
            notes(j, o);
            j.writeEndObject();
        }
    }

    /**
     * After the totals: what changed for the member against the previous version — a {@code CHANGES} row, one
     * row per changed interval with the differences (after − before) and both values in the rule column, the
     * share before and after, and a {@code TOTAL CHANGE} row.
     */
    private static void changes(CSVPrinter p, JsonGenerator j, SettlementDiff d, String member, String policy)
            throws IOException {
        List<SettlementDiff.LineChange> mine = d.linesOf(member);
        SettlementDiff.ShareChange share = d.shareOf(member);
        p.printRecord(
                "CHANGES",
                "",
                "",
                "",
                "",
                "against version " + d.fromVersion() + ": " + mine.size()
                        + " interval(s) changed" + (share == null ? "" : ", share changed")
                        + "; the rows give after − before",
                policy);
        j.writeNumberField("previous_version", d.fromVersion());
        j.writeArrayFieldStart("changes");
        double[] sum = new double[4];
        for (SettlementDiff.LineChange c : mine) {
            double[] before = {
                c.consumptionWhBefore() / 1000,
                c.generationWhBefore() / 1000,
                c.allocatedWhBefore() / 1000,
                c.valueEurBefore()
            };
            double[] after = {
                c.consumptionWhAfter() / 1000,
                c.generationWhAfter() / 1000,
                c.allocatedWhAfter() / 1000,
                c.valueEurAfter()
            };
            for (int k = 0; k < 4; k++) {
                sum[k] += after[k] - before[k];
            }
            p.printRecord(
                    c.intervalStart(),
                    num(after[0] - before[0]),
                    num(after[1] - before[1]),
                    num(after[2] - before[2]),
                    num(after[3] - before[3]),
                    "version " + d.fromVersion() + ": " + cells(before) + "; now: " + cells(after),
                    policy);
            j.writeStartObject();
            j.writeStringField("timestamp", c.intervalStart().toString());
            cellsJson(j, "before", before);
            cellsJson(j, "after", after);
            j.writeEndObject();
        }
        j.writeEndArray();
        if (share != null) {
            p.printRecord(
                    "SHARE CHANGE",
                    "",
                    "",
                    "",
                    num(share.valueEurAfter() - share.valueEurBefore()),
                    "share version " + d.fromVersion() + ": " + num(share.valueEurBefore()) + " EUR; now: "
                            + num(share.valueEurAfter()) + " EUR",
                    policy);
            j.writeObjectFieldStart("share_change");
            j.writeNumberField("before_EUR", share.valueEurBefore());
            j.writeNumberField("after_EUR", share.valueEurAfter());
            j.writeEndObject();
        }
        p.printRecord(
                "TOTAL CHANGE",
                num(sum[0]),
                num(sum[1]),
                num(sum[2]),
                num(sum[3]),
                "sum of the changed intervals",
                policy);
    }

    private static String cells(double[] x) {
        return "consumption " + num(x[0]) + " kWh, generation " + num(x[1]) + " kWh, allocated " + num(x[2])
                + " kWh, value " + num(x[3]) + " EUR";
    }

    private static void cellsJson(JsonGenerator j, String name, double[] x) throws IOException {
        j.writeObjectFieldStart(name);
        j.writeNumberField("consumption_kWh", x[0]);
        j.writeNumberField("generation_kWh", x[1]);
        j.writeNumberField("allocated_kWh", x[2]);
        j.writeNumberField("value_EUR", x[3]);
        j.writeEndObject();
    }

    private static void line(
            JsonGenerator j, String ts, double c, double g, double a, double v, String rule, String policy)
            throws IOException {
        j.writeStartObject();
        j.writeStringField("timestamp", ts);
        j.writeNumberField("consumption_kWh", c);
        j.writeNumberField("generation_kWh", g);
        j.writeNumberField("allocated_kWh", a);
        j.writeNumberField("value_EUR", v);
        j.writeStringField("rule", rule);
        j.writeStringField("policy", policy);
        j.writeEndObject();
    }

    private static BufferedWriter writer(Path p) throws IOException {
        return Files.newBufferedWriter(p, StandardCharsets.UTF_8);
    }

    /** Nine decimals: exact enough for 1e-4 EUR checks, short enough to read. */
    static String num(double x) {
        String s = String.format(Locale.ROOT, "%.9f", x);
        s = s.indexOf('.') >= 0 ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }
}
