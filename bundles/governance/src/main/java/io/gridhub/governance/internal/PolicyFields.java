package io.gridhub.governance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/** The checks every governed policy kind shares: known fields, the community, the id, the version. */
final class PolicyFields {
    private static final String COMMUNITY = "[A-Za-z0-9_-]{1,64}";

    private PolicyFields() {}

    static void known(JsonNode n, String kind, Set<String> fields, String listed) throws InvalidPolicy {
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String f = names.next();
            if (!fields.contains(f)) {
                throw new InvalidPolicy(kind, "unknown field '" + f + "' (a " + kind + " policy has " + listed + ")");
            }
        }
    }

    static String community(JsonNode n, String kind) throws InvalidPolicy {
        JsonNode community = n.get("community");
        if (community == null || !community.isTextual() || !community.asText().matches(COMMUNITY)) {
            throw new InvalidPolicy(
                    kind,
                    "community: a community id (1 to 64 letters, digits, '_' or '-') required, " + "got " + community);
        }
        return community.asText();
    }

    /** The id, which must be {@code expected}; {@code what} says whose policy that is. */
    static String id(JsonNode n, String kind, String expected, String what) throws InvalidPolicy {
        JsonNode id = n.get("id");
        if (id == null || !id.isTextual() || !id.asText().equals(expected)) {
            throw new InvalidPolicy(kind, "id: " + what + " is the policy '" + expected + "', got " + id);
        }
        return expected;
    }

    static int version(JsonNode n, String kind) throws InvalidPolicy {
        JsonNode version = n.get("version");
        if (version == null
                || !version.canConvertToExactIntegral()
                || !version.canConvertToInt()
                || version.asInt() < 1) {
            throw new InvalidPolicy(kind, "version: an integer ≥ 1 required, got " + version);
        }
        return version.asInt();
    }

    static void description(JsonNode n, String kind) throws InvalidPolicy {
        JsonNode description = n.get("description");
        if (description != null && !description.isTextual()) {
            throw new InvalidPolicy(kind, "description: a string, got " + description);
        }
    }
}
