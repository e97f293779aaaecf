package io.gridhub.api.drill;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * One drill run on the live state: who asked when, on which community and scenario, and the report as JSON and as a
 * self-contained HTML page (docs/drills.md, "Report"). {@code proposalJson} is the recommended battery reserve as a
 * governed {@code dispatch-policy} (version 1; raise it above the policy's last version to propose it), null when
 * the drill recommends no reserve (no outage in it).
 */
public record DrillRun(
        String id,
        String drill,
        String community,
        String scenario,
        String requestedBy,
        Instant at,
        String reportJson,
        String reportHtml,
        String proposalJson) {
    public DrillRun {
        Fields.require(
                "id drill community scenario requestedBy at reportJson reportHtml",
                id,
                drill,
                community,
                scenario,
                requestedBy,
                at,
                reportJson,
                reportHtml);
    }
}
