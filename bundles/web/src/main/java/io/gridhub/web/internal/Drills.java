package io.gridhub.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.drill.DrillException;
import io.gridhub.api.drill.DrillRun;
import io.gridhub.api.drill.DrillService;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What-if drills on the live community (docs/drills.md): {@code POST /drills[?community=]} runs one (body: the drill
 * of docs/drill-scenario.schema.json without {@code scenario}) and answers its report; {@code GET /drills} lists the
 * recent ones, {@code GET /drills/{drill}} gives one's report, {@code /report.html} its HTML page; and
 * {@code POST /drills/{drill}/propose} files its recommended battery reserve as a governed dispatch-policy proposal
 * (a governance lead must still approve it).
 */
final class Drills {
    private Drills() {}

    static void register(Handlers h, Services hub) {
        h.post("/api/v1/drills", 201, c -> {
            String body = c.body();
            return json(run(hub.drills(), c.param("community"), body, c.caller().actor()));
        });
        h.get(
                "/api/v1/drills",
                c -> Page.of(c, Page.CATALOG)
                        .of(
                                "drills",
                                hub.drills().recent().stream()
                                        .map(Drills::summary)
                                        .toList()));
        h.get("/api/v1/drills/{drill}", c -> json(find(hub.drills(), c.decoded("drill"))));
        h.on("GET", "/api/v1/drills/{drill}/report.html", c -> {
            byte[] html = find(hub.drills(), c.decoded("drill")).reportHtml().getBytes(StandardCharsets.UTF_8);
            c.resp().setStatus(200);
            c.resp().setContentType("text/html;charset=utf-8");
            c.resp().setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            c.resp().getOutputStream().write(html);
        });
        h.post("/api/v1/drills/{drill}/propose", 201, c -> {
            String body = c.body();
            return propose(
                    hub.governance(),
                    find(hub.drills(), c.decoded("drill")),
                    body,
                    c.caller().actor(),
                    c::param,
                    hub.clock().instant());
        });
    }

    static DrillRun run(DrillService drills, String community, String body, Actor actor) {
        try {
            return drills.run(community, body, actor.name());
        } catch (DrillException e) {
            throw new ApiException(
                    switch (e.reason()) {
                        case INVALID -> 400;
                        case NOT_FOUND -> 404;
                        case BUSY -> 409;
                        case UNAVAILABLE -> 503;
                    },
                    e.getMessage());
        }
    }

    static DrillRun find(DrillService drills, String id) {
        return drills.find(id)
                .orElseThrow(() ->
                        new ApiException(404, "no drill " + id + " (the hub keeps recent drills in memory only)"));
    }

    /** A run without its report: the list's entries. */
    static Map<String, Object> summary(DrillRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("drill", r.drill());
        m.put("community", r.community());
        m.put("scenario", r.scenario());
        m.put("requestedBy", r.requestedBy());
        m.put("at", r.at());
        m.put("reserveProposable", r.proposalJson() != null);
        m.put("report", "/api/v1/drills/" + r.id());
        m.put("html", "/api/v1/drills/" + r.id() + "/report.html");
        return m;
    }

    /** A run with its report (docs/drills.md, "Report"). */
    static Map<String, Object> json(DrillRun r) {
        Map<String, Object> m = summary(r);
        m.put("result", Json.tree(r.reportJson(), "report"));
        return m;
    }

    /**
     * {@code POST /drills/{drill}/propose}: the drill's reserve as the next version of the community's dispatch policy.
     * The other fields of the policy in force are kept (the connection limits, peak charge and time limit are not the
     * drill's to change); its version is one above every version proposed so far. Body, optional:
     * {@code {"effectiveFrom": "…"}}.
     */
    static Map<String, Object> propose(
            PolicyGovernance g, DrillRun r, String body, Actor actor, Function<String, String> q, Instant now) {
        if (r.proposalJson() == null) {
            throw new ApiException(
                    409,
                    "drill " + r.id() + " recommends no battery reserve (only an outage drill does): nothing to "
                            + "propose");
        }
        JsonNode b = Governance.body(body);
        String eff = b.hasNonNull("effectiveFrom") ? b.get("effectiveFrom").asText() : q.apply("effectiveFrom");
        Instant effective = Query.instant("effectiveFrom", eff, null);
        ObjectNode drilled = (ObjectNode) Json.tree(r.proposalJson(), "the drill's proposal");
        String policyId = drilled.get("id").asText();
        Optional<PolicyProposal> inForce = g.inForce(policyId, now);
        ObjectNode policy = inForce.isEmpty()
                ? drilled
                : (ObjectNode) Json.tree(inForce.get().content(), "policy " + policyId);
        int last = g.proposals().stream()
                .filter(p -> p.policyId().equals(policyId))
                .mapToInt(PolicyProposal::version)
                .max()
                .orElse(0);
        policy.put("version", last + 1);
        policy.set("batteryReserveWh", drilled.get("batteryReserveWh"));
        policy.put("description", drilled.path("description").asText() + " (drill run " + r.id() + ", " + r.at() + ")");
        return Governance.governed(() -> g.propose(policy.toPrettyString(), effective, actor));
    }
}
