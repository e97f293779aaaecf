package io.gridhub.cli.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.dispatch.AssetParameters;
import io.gridhub.api.dispatch.BatteryParameters;
import io.gridhub.api.dispatch.DispatchPolicy;
import io.gridhub.api.dispatch.EvParameters;
import io.gridhub.api.dispatch.FlexibleLoadParameters;
import io.gridhub.api.dispatch.PvParameters;
import io.gridhub.api.dispatch.Scenario;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Feeder;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Site;
import io.gridhub.api.model.TimeSeries;
import io.gridhub.api.model.Transformer;
import io.gridhub.drill.SchemaDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a dispatch scenario file (docs/dispatch-scenario.schema.json): malformed JSON is reported with its line
 * and column, a schema violation with its JSON path and what was expected, and what the schema cannot say (series
 * too short, unknown feeders, ids used twice) with its path too.
 */
public final class ScenarioReader {
    private static final SchemaDocument SCHEMA =
            new SchemaDocument(ScenarioReader.class, "dispatch-scenario.schema.json");

    /** An EV session's or a flexible load's parameters: energy to deliver in a window, within power bounds. */
    @FunctionalInterface
    private interface WindowedNeed {
        AssetParameters of(String id, Instant from, Instant to, double energyWh, double minPowerW, double maxPowerW);
    }

    /** A member's list of assets that need energy within a window: its field, kind and window's field names. */
    private record Windowed(String field, AssetKind kind, String from, String to, WindowedNeed need) {}

    private static final List<Windowed> WINDOWED = List.of(
            new Windowed(
                    "evs",
                    AssetKind.EV_CHARGER,
                    "arrival",
                    "departure",
                    (id, arrival, departure, energyWh, minW, maxW) ->
                            new EvParameters(id, arrival, departure, energyWh, maxW, minW)),
            new Windowed(
                    "flexibleLoads", AssetKind.FLEXIBLE_LOAD, "windowStart", "windowEnd", FlexibleLoadParameters::new));

    private ScenarioReader() {}

    public static Scenario read(Path file) throws ScenarioException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": no such file");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static Scenario parse(String text, String name) throws ScenarioException {
        JsonNode root;
        try {
            root = SCHEMA.read(text, name);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(e.getMessage());
        }
        try {
            return new Builder(root, name).build();
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(name + ": " + e.getMessage());
        }
    }

    /** Turns a schema-valid tree into the API's scenario; knows the paths for its own messages. */
    private static final class Builder {
        private final JsonNode root;
        private final String name;
        private final Instant start;
        private final Duration step;
        private final int steps;
        private final Map<String, TimeSeries> forecasts = new HashMap<>();
        private final List<AssetParameters> params = new ArrayList<>();
        private final Set<String> feederIds = new HashSet<>();

        Builder(JsonNode root, String name) throws ScenarioException {
            this.root = root;
            this.name = name;
            this.start = instant(root.get("start"), "$.start");
            this.step = Duration.ofMinutes(root.get("stepMinutes").asInt());
            this.steps = root.get("steps").asInt();
        }

        Scenario build() throws ScenarioException {
            JsonNode grid = root.path("grid");
            List<Transformer> transformers = new ArrayList<>();
            for (JsonNode t : grid.path("transformers")) {
                transformers.add(new Transformer(
                        t.get("id").asText(),
                        null,
                        t.get("ratedApparentPowerVA").asDouble()));
            }
            Set<String> transformerIds = new HashSet<>();
            transformers.forEach(t -> transformerIds.add(t.id()));
            List<Feeder> feeders = new ArrayList<>();
            int i = 0;
            for (JsonNode f : grid.path("feeders")) {
                String tr =
                        f.hasNonNull("transformerId") ? f.get("transformerId").asText() : null;
                if (tr != null && !transformerIds.contains(tr)) {
                    throw error("$.grid.feeders[" + i + "].transformerId", "names unknown transformer '" + tr + "'");
                }
                feeders.add(new Feeder(
                        f.get("id").asText(),
                        null,
                        tr,
                        f.get("importLimitW").asDouble(),
                        f.get("exportLimitW").asDouble()));
                feederIds.add(f.get("id").asText());
                i++;
            }
            List<Member> members = new ArrayList<>();
            i = 0;
            for (JsonNode m : root.get("members")) {
                members.add(member(m, "$.members[" + i++ + "]"));
            }
            List<Asset> shared = new ArrayList<>();
            Map<String, String> sharedFeeders = new HashMap<>();
            JsonNode sh = root.path("shared");
            i = 0;
            for (JsonNode p : sh.path("pv")) {
                String path = "$.shared.pv[" + i++ + "]";
                shared.add(pv(p, path));
                feeder(p, path).ifPresent(f -> sharedFeeders.put(p.get("id").asText(), f));
            }
            i = 0;
            for (JsonNode b : sh.path("batteries")) {
                String path = "$.shared.batteries[" + i++ + "]";
                shared.add(battery(b));
                feeder(b, path).ifPresent(f -> sharedFeeders.put(b.get("id").asText(), f));
            }
            JsonNode prices = root.get("prices");
            TimeSeries imp = series(prices.get("importEurPerKWh"), "$.prices.importEurPerKWh", "EUR/kWh");
            TimeSeries exp = series(prices.get("exportEurPerKWh"), "$.prices.exportEurPerKWh", "EUR/kWh");
            JsonNode pol = root.path("policy");
            DispatchPolicy policy = new DispatchPolicy(
                    pol.has("connectionImportLimitW")
                            ? pol.get("connectionImportLimitW").asDouble()
                            : Double.POSITIVE_INFINITY,
                    pol.has("connectionExportLimitW")
                            ? pol.get("connectionExportLimitW").asDouble()
                            : Double.POSITIVE_INFINITY,
                    pol.path("peakChargeEurPerKW").asDouble(0),
                    Duration.ofMillis(Math.round(pol.path("timeLimitSeconds").asDouble(60) * 1000)));
            String id = root.get("id").asText();
            Community c =
                    new Community(id, root.path("description").asText(id), members, shared, feeders, transformers);
            return new Scenario(id, c, start, step, steps, forecasts, imp, exp, params, sharedFeeders, policy);
        }

        private Member member(JsonNode m, String path) throws ScenarioException {
            String id = m.get("id").asText();
            List<Asset> assets = new ArrayList<>();
            String loadId = id + "-load";
            assets.add(new Asset(loadId, null, AssetKind.LOAD, 0, 0));
            forecasts.put(loadId, series(m.get("loadW"), path + ".loadW", "W"));
            int i = 0;
            for (JsonNode p : m.path("pv")) {
                assets.add(pv(p, path + ".pv[" + i++ + "]"));
            }
            for (JsonNode b : m.path("batteries")) {
                assets.add(battery(b));
            }
            for (Windowed w : WINDOWED) {
                windowed(m.path(w.field()), path + "." + w.field(), w, assets);
            }
            String feeder = feeder(m, path).orElse(null);
            return new Member(
                    id,
                    m.path("name").asText(id),
                    MemberType.HOUSEHOLD,
                    List.of(new Site(id + "-site", null, feeder, assets)),
                    List.of());
        }

        /**
         * The assets of a list whose entries need energy within a window ({@code id}, {@code maxPowerW},
         * {@code energyWh}, optional {@code minPowerW}, and the window's two instants), with their parameters.
         */
        private void windowed(JsonNode list, String path, Windowed w, List<Asset> assets) throws ScenarioException {
            int i = 0;
            for (JsonNode x : list) {
                String p = path + "[" + i++ + "]";
                String id = x.get("id").asText();
                assets.add(new Asset(id, null, w.kind(), x.get("maxPowerW").asDouble(), 0));
                params.add(w.need()
                        .of(
                                id,
                                instant(x.get(w.from()), p + "." + w.from()),
                                instant(x.get(w.to()), p + "." + w.to()),
                                x.get("energyWh").asDouble(),
                                x.path("minPowerW").asDouble(0),
                                x.get("maxPowerW").asDouble()));
            }
        }

        private Asset pv(JsonNode p, String path) throws ScenarioException {
            String id = p.get("id").asText();
            forecasts.put(id, series(p.get("forecastW"), path + ".forecastW", "W"));
            params.add(new PvParameters(id, p.path("curtailable").asBoolean(true)));
            return new Asset(id, null, AssetKind.PV, p.path("ratedPowerW").asDouble(0), 0);
        }

        private Asset battery(JsonNode b) {
            String id = b.get("id").asText();
            double init = b.get("socInitial").asDouble();
            params.add(new BatteryParameters(
                    id,
                    b.get("maxChargeW").asDouble(),
                    b.get("maxDischargeW").asDouble(),
                    b.get("capacityWh").asDouble(),
                    b.path("socMin").asDouble(0),
                    b.path("socMax").asDouble(1),
                    init,
                    b.path("socTerminal").asDouble(init),
                    b.path("chargeEfficiency").asDouble(0.95),
                    b.path("dischargeEfficiency").asDouble(0.95),
                    b.path("degradationEurPerKWh").asDouble(0)));
            return new Asset(
                    id,
                    null,
                    AssetKind.BATTERY,
                    Math.max(
                            b.get("maxChargeW").asDouble(),
                            b.get("maxDischargeW").asDouble()),
                    b.get("capacityWh").asDouble());
        }

        private Optional<String> feeder(JsonNode n, String path) throws ScenarioException {
            if (!n.hasNonNull("feederId")) {
                return Optional.empty();
            }
            String f = n.get("feederId").asText();
            if (!feederIds.contains(f)) {
                throw error(
                        path + ".feederId",
                        "names unknown feeder '" + f + "' (known: "
                                + (feederIds.isEmpty() ? "none" : String.join(", ", feederIds)) + ")");
            }
            return Optional.of(f);
        }

        private TimeSeries series(JsonNode arr, String path, String unit) throws ScenarioException {
            if (arr.size() < steps) {
                throw error(path, "has " + arr.size() + " values, expected at least " + steps + " (steps)");
            }
            double[] v = new double[steps];
            for (int i = 0; i < steps; i++) {
                v[i] = arr.get(i).asDouble();
            }
            return new TimeSeries(start, step, unit, start, v);
        }

        private Instant instant(JsonNode n, String path) throws ScenarioException {
            try {
                return Instant.parse(n.asText());
            } catch (DateTimeParseException e) {
                throw error(path, "is not a valid instant: '" + n.asText() + "'");
            }
        }

        private ScenarioException error(String path, String what) {
            return new ScenarioException(name + ": " + path + ": " + what);
        }
    }
}
