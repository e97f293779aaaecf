package io.gridhub.allocation.internal.run;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gridhub.allocation.internal.data.MeterTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private OutputFiles() {
    }

    public static void write(Outcome o, String community, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("statements"));
        MeterTable t = o.table();
        int n = t.members();
        CSVFormat csv = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
        if (o.method().key()) {
            try (CSVPrinter p = new CSVPrinter(writer(dir.resolve("allocation.csv")), csv)) {
                p.printRecord("timestamp", "member", "allocated_kWh", "value_EUR");
                for (int k = 0; k < t.intervals(); k++) {
                    for (int i = 0; i < n; i++) {
                        p.printRecord(t.label(k), t.member(i), num(o.allocated()[k * n + i]),
                                num(o.value()[k * n + i]));
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
            statement(o, community, i, dir.resolve("statements"));
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

    private static void statement(Outcome o, String community, int i, Path dir) throws IOException {
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
             JsonGenerator j = JSON.createGenerator(dir.resolve(safe + ".json").toFile(), JsonEncoding.UTF8)) {
            j.useDefaultPrettyPrinter();
            j.writeStartObject();
            j.writeStringField("member", member);
            header(j, o, community);
            j.writeArrayFieldStart("lines");
            p.printRecord("timestamp", "consumption_kWh", "generation_kWh", "allocated_kWh", "value_EUR", "rule",
                    "policy");
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
            notes(j, o);
            j.writeEndObject();
        }
    }

    private static void line(JsonGenerator j, String ts, double c, double g, double a, double v, String rule,
                             String policy) throws IOException {
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
