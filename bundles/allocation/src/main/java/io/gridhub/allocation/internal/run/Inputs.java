package io.gridhub.allocation.internal.run;

import io.gridhub.allocation.internal.data.InputException;
import io.gridhub.allocation.internal.data.InputLimits;
import io.gridhub.allocation.internal.data.MeterCsv;
import io.gridhub.allocation.internal.data.MeterTable;
import io.gridhub.allocation.internal.data.PolicyJson;
import io.gridhub.allocation.internal.data.PriceCsv;
import io.gridhub.api.allocation.AllocationPolicy;
import io.gridhub.api.allocation.Prices;
import io.gridhub.api.model.PolicyRef;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and checks what a run needs — method, policy, meters, prices — from text, and runs it. The CLI (files)
 * and the settlement service (HTTP bodies) both come through here, so their checks and messages are the same.
 */
public final class Inputs {
    private Inputs() {}

    /** A source of text with the name error messages use. */
    public interface Source {
        String name();

        Reader open() throws IOException;
    }

    /** Checked inputs of one run. */
    public record Parsed(
            Method method,
            MeterTable table,
            AllocationPolicy policy,
            Prices prices,
            List<String> notes,
            String policyName) {}

    public static Outcome run(
            String methodName,
            Source meters,
            Source policy,
            Double importPrice,
            Double exportPrice,
            Source prices,
            Runner.Options options)
            throws InputException {
        Parsed in = parse(methodName, meters, policy, importPrice, exportPrice, prices);
        Outcome o = Runner.run(in.method(), in.table(), in.policy(), in.prices(), options, in.policyName());
        List<String> all = new ArrayList<>(in.notes());
        all.addAll(o.notes());
        return new Outcome(
                o.method(),
                o.policy(),
                o.table(),
                o.allocated(),
                o.value(),
                o.rule(),
                o.share(),
                o.shareError(),
                o.periodPart(),
                all,
                o.facts());
    }

    public static Parsed parse(
            String methodName, Source meters, Source policy, Double importPrice, Double exportPrice, Source prices)
            throws InputException {
        return parse(methodName, meters, policy, importPrice, exportPrice, prices, InputLimits.current());
    }

    /** @param limits how many rows, intervals and cells the inputs may have (see {@link InputLimits}) */
    public static Parsed parse(
            String methodName,
            Source meters,
            Source policy,
            Double importPrice,
            Double exportPrice,
            Source prices,
            InputLimits limits)
            throws InputException {
        Method method = Method.of(methodName)
                .orElseThrow(() -> new InputException(
                        "method", 0, "unknown method '" + methodName + "' (one of " + Method.names() + ")"));
        AllocationPolicy p;
        String policyName = policy == null ? "policy" : policy.name();
        List<String> notes = new ArrayList<>();
        if (policy == null) {
            p = AllocationPolicy.defaults(new PolicyRef("default-" + method.id(), 1));
            notes.add("no policy file: the default policy " + p.ref() + " without parameters");
        } else {
            p = PolicyJson.read(policy.name(), text(policy, limits.maxPolicyChars()), limits);
        }
        if (importPrice != null && !(Double.isFinite(importPrice) && importPrice >= 0)) {
            throw new InputException("--import-price", 0, "must be a finite price ≥ 0 EUR/kWh, got " + importPrice);
        }
        if (exportPrice != null && !(Double.isFinite(exportPrice) && exportPrice >= 0)) {
            throw new InputException("--export-price", 0, "must be a finite price ≥ 0 EUR/kWh, got " + exportPrice);
        }
        if (prices != null && importPrice != null) {
            throw new InputException("--prices", 0, "give either --prices or --import-price, not both");
        }
        Prices pr;
        if (prices != null) {
            try (Reader r = prices.open()) {
                pr = PriceCsv.read(prices.name(), r, exportPrice == null ? 0 : exportPrice, limits);
            } catch (IOException e) {
                throw new InputException(prices.name(), 0, "cannot read: " + e.getMessage());
            }
        } else if (importPrice != null) {
            pr = Prices.flat(importPrice, exportPrice == null ? 0 : exportPrice);
            if (exportPrice == null) {
                notes.add("no export price given: exported energy is valued at 0 EUR/kWh");
            }
        } else {
            if (exportPrice != null) {
                throw new InputException("--export-price", 0, "an export price needs an import price too");
            }
            pr = Prices.none();
        }
        MeterTable table;
        try (Reader r = meters.open()) {
            table = MeterCsv.read(meters.name(), r, p.members(), notes, limits);
        } catch (IOException e) {
            throw new InputException(meters.name(), 0, "cannot read: " + e.getMessage());
        }
        return new Parsed(method, table, p, within(pr, table), notes, policyName);
    }

    /**
     * Only the price steps that matter for the metered period: the one in force at its start and those after, up
     * to its end. Prices look a step up by scanning, once per interval, so a long price file must not multiply.
     */
    static Prices within(Prices prices, MeterTable table) {
        if (prices.steps().isEmpty() || table.intervals() == 0) {
            return prices;
        }
        Instant start = table.start(0);
        Instant end = table.start(table.intervals() - 1).plus(table.step());
        List<Prices.Step> kept = new ArrayList<>();
        Prices.Step before = null;
        for (Prices.Step s : prices.steps()) {
            if (!s.from().isAfter(start)) {
                before = s;
            } else if (s.from().isBefore(end)) {
                kept.add(s);
            }
        }
        if (before != null) {
            kept.add(0, before);
        }
        return kept.size() == prices.steps().size() ? prices : Prices.steps(kept);
    }

    /** The text of a source, refused beyond {@code max} characters (before reading the rest). */
    private static String text(Source s, long max) throws InputException {
        try (Reader r = s.open()) {
            StringBuilder b = new StringBuilder();
            char[] buf = new char[8192];
            int k;
            while ((k = r.read(buf)) > 0) {
                b.append(buf, 0, k);
                if (b.length() > max) {
                    throw new InputException(s.name(), 0, "more than " + max + " characters (maxPolicyChars)");
                }
            }
            return b.toString();
        } catch (IOException e) {
            throw new InputException(s.name(), 0, "cannot read: " + e.getMessage());
        }
    }

    public static Source file(Path p) {
        return new Source() {
            @Override
            public String name() {
                return p.toString();
            }

            @Override
            public Reader open() throws IOException {
                return Files.newBufferedReader(p, StandardCharsets.UTF_8);
            }
        };
    }

    public static Source text(String name, String content) {
        return new Source() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Reader open() {
                return new StringReader(content);
            }
        };
    }
}
