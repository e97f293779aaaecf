package io.gridhub.governance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.loop.ControlMode;
import java.util.Set;

/**
 * A governed control mode: {@code {"id":"control-authority-demo","version":1,"kind":"control-authority",
 * "community":"demo","mode":"autonomous"}}. The operating loop reads the version in force and its {@code mode};
 * moving a community to autonomous control therefore needs a second person, like a change of allocation keys.
 */
record ControlAuthorityPolicy(String id, int version, String community, ControlMode mode) {
    static final String KIND = "control-authority";
    private static final Set<String> FIELDS = Set.of("id", "version", "kind", "community", "mode", "description");

    /** Checks a policy of this kind; the message says which field is wrong and what is expected. */
    static ControlAuthorityPolicy read(JsonNode n) throws InvalidPolicy {
        PolicyFields.known(n, KIND, FIELDS, "id, version, kind, community, mode and optionally description");
        String c = PolicyFields.community(n, KIND);
        String id = PolicyFields.id(n, KIND, ControlAuthority.policyId(c), "the control authority of community " + c);
        int version = PolicyFields.version(n, KIND);
        JsonNode mode = n.get("mode");
        if (mode == null || !mode.isTextual()) {
            throw new InvalidPolicy(KIND, "mode: advisory, supervised or autonomous required, got " + mode);
        }
        ControlMode m;
        try {
            m = ControlMode.parse(mode.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicy(KIND, "mode: " + e.getMessage());
        }
        PolicyFields.description(n, KIND);
        return new ControlAuthorityPolicy(id, version, c, m);
    }
}
