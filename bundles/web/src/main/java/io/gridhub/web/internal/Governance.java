package io.gridhub.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
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
        Handlers.Answer post = c -> {
            String body = c.body();
            return post(hub.governance(), c.seg(), body, c.caller().actor(), c.req()::getParameter);
        };
        h.post("/api/v1/governance/proposals", 201, post);
        h.post("/api/v1/governance/proposals/{id}/approve", 200, post);
        h.post("/api/v1/governance/proposals/{id}/reject", 200, post);
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

    static Map<String, Object> post(
            PolicyGovernance g, String[] seg, String body, Actor actor, Function<String, String> query) {
        JsonNode n = body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : json(body);
        try {
            PolicyProposal p;
            if (seg.length == 2 && seg[1].equals("proposals")) {
                if (!n.hasNonNull("policy") || !n.get("policy").isObject()) {
                    throw new ApiException(
                            400,
                            "request body: needs \"policy\": {…} (the policy JSON) and may "
                                    + "have \"effectiveFrom\": an ISO-8601 instant");
                }
                String eff =
                        n.hasNonNull("effectiveFrom") ? n.get("effectiveFrom").asText() : query.apply("effectiveFrom");
                p = g.propose(n.get("policy").toPrettyString(), Query.instant("effectiveFrom", eff, null), actor);
                return Map.of("proposal", p);
            } else if (seg.length == 4 && seg[1].equals("proposals") && seg[3].equals("approve")) {
                p = g.approve(id(seg[2]), actor);
            } else if (seg.length == 4 && seg[1].equals("proposals") && seg[3].equals("reject")) {
                p = g.reject(
                        id(seg[2]),
                        actor,
                        n.hasNonNull("reason") ? n.get("reason").asText() : null);
            } else {
                throw new ApiException(
                        404,
                        "try POST /api/v1/governance/proposals or "
                                + "/api/v1/governance/proposals/{id}/approve|reject");
            }
            return Map.of("proposal", p);
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

    private static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "request body: not JSON: " + e.getOriginalMessage());
        }
    }

    private static long id(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "a proposal id is a number, got '" + s + "'");
        }
    }
}
