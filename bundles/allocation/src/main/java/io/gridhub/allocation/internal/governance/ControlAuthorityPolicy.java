package io.gridhub.allocation.internal.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.loop.ControlMode;
import java.util.Iterator;
import java.util.Locale;
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
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String f = names.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidPolicy("unknown field '" + f + "' (a control-authority policy has id, version, "
                        + "kind, community, mode and optionally description)");
            }
        }
        JsonNode community = n.get("community");
        if (community == null || !community.isTextual() || !community.asText().matches("[A-Za-z0-9_-]{1,64}")) {
            throw new InvalidPolicy("community: a community id (1 to 64 letters, digits, '_' or '-') required, got "
                    + community);
        }
        String c = community.asText();
        JsonNode id = n.get("id");
        String expected = ControlAuthority.policyId(c);
        if (id == null || !id.isTextual() || !id.asText().equals(expected)) {
            throw new InvalidPolicy("id: the control authority of community " + c + " is the policy '" + expected
                    + "', got " + id);
        }
        JsonNode version = n.get("version");
        if (version == null || !version.canConvertToExactIntegral() || !version.canConvertToInt()
                || version.asInt() < 1) {
            throw new InvalidPolicy("version: an integer ≥ 1 required, got " + version);
        }
        JsonNode mode = n.get("mode");
        if (mode == null || !mode.isTextual()) {
            throw new InvalidPolicy("mode: advisory, supervised or autonomous required, got " + mode);
        }
        ControlMode m;
        try {
            m = ControlMode.parse(mode.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicy("mode: " + e.getMessage());
        }
        JsonNode description = n.get("description");
        if (description != null && !description.isTextual()) {
            throw new InvalidPolicy("description: a string, got " + description);
        }
        return new ControlAuthorityPolicy(id.asText(), version.asInt(), c, m);
    }

    /** Whether an id is reserved for control-authority policies. */
    static boolean reserved(String id) {
        return id != null && id.toLowerCase(Locale.ROOT).startsWith(ControlAuthority.policyId(""));
    }

    /** A control-authority policy that cannot be proposed; the message names the field. */
    static final class InvalidPolicy extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPolicy(String message) {
            super("policy: control-authority: " + message);
        }
    }
}
