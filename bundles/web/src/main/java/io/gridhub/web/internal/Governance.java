package io.gridhub.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The governance resources: {@code GET /governance/proposals[/{id}]}, {@code GET /governance/audit} (with the
 * chain check), {@code POST /governance/proposals} (body {@code {"policy": {…}, "effectiveFrom": "…"}}) and
 * {@code POST /governance/proposals/{id}/approve|reject} (body {@code {"reason": "…"}}) by an authenticated
 * user, as plain functions of the service.
 */
final class Governance {
    private Governance() {}

    static void register(Handlers h, Services hub) {
        h.get(
                "/api/v1/governance/proposals",
                c -> Page.of(c, Page.CATALOG).of("proposals", hub.governance().proposals()));
        h.get("/api/v1/governance/proposals/{id}", c -> proposal(hub.governance(), c.var("id")));
        h.get("/api/v1/governance/audit", c -> audit(hub.governance(), Page.of(c, Page.CATALOG)));
        // The body first: one over the route's limit is a 413 whether or not governance runs.
        h.post("/api/v1/governance/proposals", 201, c -> {
            String body = c.body();
            return propose(hub.governance(), body, c.caller().actor(), c::param);
        });
        h.post("/api/v1/governance/proposals/{id}/approve", 200, c -> {
            String body = c.body();
            return approve(hub.governance(), c.var("id"), body, c.caller().actor());
        });
        h.post("/api/v1/governance/proposals/{id}/reject", 200, c -> {
            String body = c.body();
            return reject(hub.governance(), c.var("id"), body, c.caller().actor());
        });
    }

    /** The governance log (a page of it, oldest first) with the check of its chain. */
    static Map<String, Object> audit(PolicyGovernance g, Page page) {
        Map<String, Object> m = new LinkedHashMap<>();
        var broken = g.verifyAudit();
        m.put("intact", broken.isEmpty());
        broken.ifPresent(b -> m.put("problem", b));
        m.putAll(page.of("entries", g.audit()));
        return m;
    }

    static PolicyProposal proposal(PolicyGovernance g, String raw) {
        long id = id(raw);
        return g.proposal(id).orElseThrow(() -> new ApiException(404, "no proposal " + id));
    }

    /** {@code POST /governance/proposals}: body {@code {"policy": {…}, "effectiveFrom": "…"}}. */
    static Map<String, Object> propose(PolicyGovernance g, String body, Actor actor, Function<String, String> query) {
        JsonNode n = body(body);
        if (!n.hasNonNull("policy") || !n.get("policy").isObject()) {
            throw new ApiException(
                    400,
                    "request body: needs \"policy\": {…} (the policy JSON) and may "
                            + "have \"effectiveFrom\": an ISO-8601 instant");
        }
        String eff = n.hasNonNull("effectiveFrom") ? n.get("effectiveFrom").asText() : query.apply("effectiveFrom");
        Instant effective = Query.instant("effectiveFrom", eff, null);
        return governed(() -> g.propose(n.get("policy").toPrettyString(), effective, actor));
    }

    /** {@code POST /governance/proposals/{id}/approve} (a body, if any, must be JSON). */
    static Map<String, Object> approve(PolicyGovernance g, String id, String body, Actor actor) {
        body(body);
        return governed(() -> g.approve(id(id), actor));
    }

    /** {@code POST /governance/proposals/{id}/reject}: body {@code {"reason": "…"}}. */
    static Map<String, Object> reject(PolicyGovernance g, String id, String body, Actor actor) {
        JsonNode n = body(body);
        return governed(() ->
                g.reject(id(id), actor, n.hasNonNull("reason") ? n.get("reason").asText() : null));
    }

    /** A governance step. */
    @FunctionalInterface
    interface Step {
        PolicyProposal run() throws GovernanceException;
    }

    /** {@code {"proposal": …}} of a step; its refusal as the status that says why. */
    static Map<String, Object> governed(Step step) {
        try {
            return Map.of("proposal", step.run());
        } catch (GovernanceException e) {
            throw new ApiException(
                    switch (e.reason()) {
                        case INVALID -> 400;
                        case FORBIDDEN -> 403;
                        case NOT_FOUND -> 404;
                        case CONFLICT -> 409;
                        case STORAGE -> 500;
                    },
                    e.getMessage());
        }
    }

    /** A request's JSON body; none is an empty object, one that is not JSON a 400. */
    static JsonNode body(String body) {
        return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.tree(body, "request body");
    }

    private static long id(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "a proposal id is a number, got '" + s + "'");
        }
    }
}
