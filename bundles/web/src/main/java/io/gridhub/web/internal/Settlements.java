package io.gridhub.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.settlement.InvalidInputException;
import io.gridhub.api.settlement.MemberStatement;
import io.gridhub.api.settlement.SettlementDiff;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementInput;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.settlement.SettlementService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The allocation and settlement resources of the REST API: run an allocation over posted meter data
 * ({@code POST /allocations}), list and read settled periods and their differences ({@code GET /allocations…})
 * and member statements ({@code GET /statements/{member}}), as plain functions of the two services.
 */
final class Settlements {
    private Settlements() {}

    static void register(Handlers h, Services hub) {
        h.get("/api/v1/statements/{member}", c -> statement(hub.ledger(), c.decoded("member"), c.req()::getParameter));
        h.get("/api/v1/allocations", c -> list(hub.ledger(), Page.of(c, Page.CATALOG)));
        h.get("/api/v1/allocations/{community}", c -> allocation(hub.ledger(), c.decoded("community"), c::param));
        h.get("/api/v1/allocations/{community}/diff", c -> diff(hub.ledger(), c.decoded("community"), c::param));
        h.post("/api/v1/allocations", 201, c -> {
            String body = c.body();
            return post(hub.settlement(), hub.ledger(), c.req().getContentType(), body, c.req()::getParameter);
        });
    }

    /**
     * Body: the meter CSV ({@code text/csv}) with {@code method}, {@code community}, {@code importPrice},
     * {@code exportPrice}, {@code policyId} as query parameters; or JSON {@code {"method", "community",
     * "importPrice", "exportPrice", "policy": {…} | "policyId": "…", "meters": "csv text", "prices": "csv text"}}.
     * A policy must be an approved version (see {@link Governance}).
     */
    static Map<String, Object> post(
            SettlementService service,
            SettlementLedger ledger,
            String contentType,
            String body,
            Function<String, String> query)
            throws SettlementException {
        SettlementInput in;
        if (contentType != null && contentType.startsWith("application/json")) {
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new ApiException(400, "request body: not JSON: " + e.getMessage());
            }
            if (n == null || !n.hasNonNull("meters") || !n.hasNonNull("method")) {
                throw new ApiException(400, "request body: needs \"method\" and \"meters\" (CSV text)");
            }
            in = new SettlementInput(
                    text(n, "community"),
                    text(n, "method"),
                    "meters",
                    text(n, "meters"),
                    "policy",
                    n.hasNonNull("policy") ? n.get("policy").toPrettyString() : null,
                    number(n, "importPrice"),
                    number(n, "exportPrice"),
                    "prices",
                    text(n, "prices"),
                    text(n, "policyId"),
                    null);
        } else {
            String method = query.apply("method");
            if (method == null) {
                throw new ApiException(400, "query parameter method is required (e.g. ?method=dynamic)");
            }
            in = new SettlementInput(
                    query.apply("community"),
                    method,
                    "request body",
                    body,
                    null,
                    null,
                    param(query, "importPrice"),
                    param(query, "exportPrice"),
                    null,
                    null,
                    query.apply("policyId"),
                    null);
        }
        SettlementRun run;
        try {
            run = service.settle(in);
        } catch (InvalidInputException e) {
            throw new ApiException(400, e.getMessage());
        }
        Map<String, Object> out = summary(run);
        if (run.version() > 1) {
            SettlementDiff d = ledger.diff(run.communityId(), run.period(), run.version() - 1, run.version());
            out.put(
                    "changesFromPreviousVersion",
                    Map.of("lines", d.lines().size(), "shares", d.shares().size()));
        }
        return out;
    }

    /** The settled periods and their versions of one page of the communities, by community. */
    static Map<String, Object> list(SettlementLedger ledger, Page page) throws SettlementException {
        Map<String, Object> body = page.of("communities", ledger.communities());
        Map<String, Object> communities = new LinkedHashMap<>();
        for (Object o : (List<?>) body.get("communities")) {
            String c = (String) o;
            List<Map<String, Object>> periods = new ArrayList<>();
            for (String p : ledger.periods(c)) {
                List<SettlementRun> vs = ledger.versions(c, p);
                periods.add(Map.of(
                        "period",
                        p,
                        "versions",
                        vs.stream().map(Settlements::brief).toList()));
            }
            communities.put(c, periods);
        }
        body.put("communities", communities);
        return body;
    }

    /** {@code /allocations/{community}?period=…[&version=N]}: one settled version (default the latest). */
    static SettlementRun allocation(SettlementLedger ledger, String community, Function<String, String> query)
            throws SettlementException {
        return run(ledger, community, period(ledger, community, query), query);
    }

    /** {@code /allocations/{community}/diff?period&from&to}: what changed between two versions. */
    static SettlementDiff diff(SettlementLedger ledger, String community, Function<String, String> query)
            throws SettlementException {
        String period = period(ledger, community, query);
        int to = param(query, "to") == null
                ? latest(ledger, community, period)
                : param(query, "to").intValue();
        int from = param(query, "from") == null ? to - 1 : param(query, "from").intValue();
        try {
            return ledger.diff(community, period, from, to);
        } catch (SettlementException e) {
            throw new ApiException(404, e.getMessage());
        }
    }

    /** The {@code ?period=} asked for, else the community's latest settled one (404 when there is none). */
    private static String period(SettlementLedger ledger, String community, Function<String, String> query)
            throws SettlementException {
        String period = query.apply("period");
        if (period != null) {
            return period;
        }
        List<String> ps = ledger.periods(community);
        if (ps.isEmpty()) {
            throw new ApiException(404, "community " + community + " has no settled period");
        }
        return ps.get(ps.size() - 1);
    }

    static MemberStatement statement(SettlementLedger ledger, String member, Function<String, String> query)
            throws SettlementException {
        String community = query.apply("community");
        if (community == null) {
            List<String> all = ledger.communities();
            if (all.size() != 1) {
                throw new ApiException(
                        all.isEmpty() ? 404 : 400,
                        all.isEmpty()
                                ? "nothing settled yet"
                                : "several communities are settled: give ?community= (one of " + all + ")");
            }
            community = all.get(0);
        }
        String period = period(ledger, community, query);
        SettlementRun run = run(ledger, community, period, query);
        if (!run.members().contains(member)) {
            throw new ApiException(404, "member " + member + " is not in " + community + " " + period);
        }
        // From version 2 on the statement shows what changed for the member (default: against the version before).
        Double against = param(query, "against");
        int from = against == null ? run.version() - 1 : against.intValue();
        SettlementRun previous = null;
        if (from >= 1 && from != run.version()) {
            final int f = from;
            final String c = community;
            final String p = period;
            previous = ledger.version(community, period, from)
                    .orElseThrow(
                            () -> new ApiException(404, "no version " + f + " of " + c + " " + p + " to compare with"));
        }
        return MemberStatement.of(run, member, previous);
    }

    private static SettlementRun run(
            SettlementLedger ledger, String community, String period, Function<String, String> query)
            throws SettlementException {
        Double v = param(query, "version");
        int version = v == null ? latest(ledger, community, period) : v.intValue();
        return ledger.version(community, period, version)
                .orElseThrow(() -> new ApiException(404, "no version " + version + " of " + community + " " + period));
    }

    private static int latest(SettlementLedger ledger, String community, String period) throws SettlementException {
        return ledger.latest(community, period)
                .map(SettlementRun::version)
                .orElseThrow(
                        () -> new ApiException(404, "period " + period + " of " + community + " was never settled"));
    }

    private static Map<String, Object> brief(SettlementRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", r.version());
        m.put("recordedAt", r.recordedAt());
        m.put("method", r.method());
        m.put("strategy", r.strategy());
        m.put("policy", r.policy().toString());
        return m;
    }

    private static Map<String, Object> summary(SettlementRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("community", r.communityId());
        m.put("period", r.period());
        m.putAll(brief(r));
        m.put("members", r.members());
        m.put("lines", r.lines().size());
        m.put(
                "allocatedWh",
                r.lines().stream().mapToDouble(l -> l.allocatedWh()).sum());
        m.put("valueEur", r.lines().stream().mapToDouble(l -> l.valueEur()).sum());
        if (!r.shares().isEmpty()) {
            m.put("shares", r.shares());
        }
        m.put("notes", r.notes());
        return m;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Double number(JsonNode n, String field) {
        if (!n.hasNonNull(field)) {
            return null;
        }
        if (!n.get(field).isNumber()) {
            throw new ApiException(400, "request body: " + field + " must be a number");
        }
        return n.get(field).asDouble();
    }

    private static Double param(Function<String, String> query, String name) {
        String v = query.apply(name);
        if (v == null) {
            return null;
        }
        try {
            return Double.valueOf(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "query parameter " + name + " must be a number, got '" + v + "'");
        }
    }
}
