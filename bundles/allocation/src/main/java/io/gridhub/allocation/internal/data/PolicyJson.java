package io.gridhub.allocation.internal.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gridhub.api.allocation.AllocationPolicy;
import io.gridhub.api.governance.PolicyKind;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.MemberType;
import io.gridhub.api.model.Participation;
import io.gridhub.api.model.PolicyRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an allocation policy file (JSON, docs/allocation.md) into an {@link AllocationPolicy}, with errors that
 * name the line and field: {@code policy.json:7: staticShares: shares sum to 120.0 %, at most 100 % allowed}.
 */
public final class PolicyJson {
    /** The optional {@code kind} of an allocation policy (governance also holds other kinds of policy). */
    public static final String KIND = PolicyKind.ALLOCATION;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** The file as written; records bind by component name. */
    record PolicyFile(
            String id,
            Integer version,
            String kind,
            String community,
            String method,
            Integer resolutionMinutes,
            List<String> members,
            Map<String, Double> staticShares,
            List<List<String>> priorityGroups,
            Map<String, List<ParticipationFile>> participations,
            Map<String, String> memberTypes,
            Double nonBusinessMinShare,
            Double incentiveEurPerKWh,
            Double cacerShareThreshold,
            String description) {}

    record ParticipationFile(String community, Double factor) {}

    private PolicyJson() {}

    public static AllocationPolicy read(String source, String json) throws InputException {
        return read(source, json, InputLimits.current());
    }

    /** @param limits {@link InputLimits#maxPolicyChars()} bounds the text */
    public static AllocationPolicy read(String source, String json, InputLimits limits) throws InputException {
        if (json.length() > limits.maxPolicyChars()) {
            throw new InputException(
                    source,
                    0,
                    "policy of " + json.length() + " characters, more than the limit " + "of " + limits.maxPolicyChars()
                            + " (maxPolicyChars)");
        }
        Map<String, Long> lines = lineIndex(source, json);
        PolicyFile f;
        try {
            f = MAPPER.readValue(json, PolicyFile.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "" : fieldPath(e) + ": ";
            throw new InputException(
                    source,
                    line(e.getLocation()),
                    field
                            + e.getOriginalMessage()
                                    .replaceAll("\\s*\\(class [^)]*\\)", "")
                                    .replaceAll(" \\(for [^)]*\\)", ""));
        } catch (JsonProcessingException e) {
            throw new InputException(source, line(e.getLocation()), e.getOriginalMessage());
        }
        if (f == null) {
            throw new InputException(source, 1, "empty policy");
        }
        Check c = new Check(source, lines);
        if (f.id() == null || !f.id().matches("[A-Za-z0-9_-]{1,64}")) {
            c.fail("/id", "id: 1 to 64 letters, digits, '_' or '-' required, got " + f.id());
        }
        if (f.version() == null || f.version() < 1) {
            c.fail("/version", "version: an integer ≥ 1 required, got " + f.version());
        }
        if (f.kind() != null && !f.kind().equals(KIND)) {
            c.fail("/kind", "kind: an allocation policy has no kind or \"" + KIND + "\", got '" + f.kind() + "'");
        }
        PolicyRef ref = new PolicyRef(f.id(), f.version());
        int resolution = f.resolutionMinutes() == null ? 0 : f.resolutionMinutes();
        if (resolution != 0 && resolution != 15 && resolution != 30 && resolution != 60) {
            c.fail("/resolutionMinutes", "resolutionMinutes: 15 or 60 (30 accepted), got " + resolution);
        }
        if (f.members() != null && f.members().contains(null)) {
            c.fail("/members", "members: null is not a member id");
        }
        Set<String> members = new LinkedHashSet<>(f.members() == null ? List.of() : f.members());
        Map<String, Double> shares = new LinkedHashMap<>(f.staticShares() == null ? Map.of() : f.staticShares());
        double sum = 0;
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            String at = "/staticShares/" + e.getKey();
            c.known(members, e.getKey(), at, "staticShares");
            if (e.getValue() == null || !(e.getValue() >= 0 && e.getValue() <= 1)) {
                c.fail(at, "staticShares: share of '" + e.getKey() + "' must be in [0, 1], got " + e.getValue());
            }
            sum += e.getValue();
        }
        if (sum > 1 + 1e-9) {
            c.fail(
                    "/staticShares",
                    "staticShares: shares over 100 %: they sum to " + String.format(Locale.ROOT, "%.1f", sum * 100)
                            + " %");
        }
        List<List<String>> groups = f.priorityGroups() == null ? List.of() : f.priorityGroups();
        Set<String> grouped = new HashSet<>();
        for (int k = 0; k < groups.size(); k++) {
            if (groups.get(k) == null || groups.get(k).contains(null)) {
                c.fail("/priorityGroups/" + k, "priorityGroups: a group is a list of member ids, without null");
            }
            for (String m : groups.get(k)) {
                String at = "/priorityGroups/" + k;
                c.known(members, m, at, "priorityGroups");
                if (!grouped.add(m)) {
                    c.fail(at, "priorityGroups: member '" + m + "' is in more than one group");
                }
            }
        }
        Map<String, List<Participation>> parts = new HashMap<>();
        if (f.participations() != null) {
            for (Map.Entry<String, List<ParticipationFile>> e :
                    f.participations().entrySet()) {
                String at = "/participations/" + e.getKey();
                c.known(members, e.getKey(), at, "participations");
                List<Participation> ps = new ArrayList<>();
                if (e.getValue() == null || e.getValue().contains(null)) {
                    c.fail(at, "participations: " + e.getKey() + ": a list of {community, factor}, without null");
                }
                for (ParticipationFile p : e.getValue()) {
                    try {
                        ps.add(new Participation(p.community(), p.factor() == null ? 0 : p.factor()));
                    } catch (IllegalArgumentException ex) {
                        c.fail(at, "participations: " + e.getKey() + ": " + ex.getMessage());
                    }
                }
                try {
                    // The member record enforces ElWOG §16e: at most 5 communities, factors ≤ 100 % in sum.
                    new Member(e.getKey(), null, null, List.of(), ps);
                } catch (IllegalArgumentException ex) {
                    c.fail(at, "participations: " + ex.getMessage());
                }
                parts.put(e.getKey(), ps);
            }
        }
        Map<String, MemberType> types = new HashMap<>();
        if (f.memberTypes() != null) {
            for (Map.Entry<String, String> e : f.memberTypes().entrySet()) {
                String at = "/memberTypes/" + e.getKey();
                c.known(members, e.getKey(), at, "memberTypes");
                try {
                    types.put(e.getKey(), MemberType.valueOf(e.getValue().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException | NullPointerException ex) {
                    c.fail(
                            at,
                            "memberTypes: '" + e.getValue() + "' is not one of HOUSEHOLD, BUSINESS, "
                                    + "PUBLIC_BODY, NON_PROFIT");
                }
            }
        }
        double nb = f.nonBusinessMinShare() == null ? 0 : f.nonBusinessMinShare();
        if (!(nb >= 0 && nb <= 1)) {
            c.fail("/nonBusinessMinShare", "nonBusinessMinShare must be in [0, 1], got " + nb);
        }
        double incentive = f.incentiveEurPerKWh() == null ? 0 : f.incentiveEurPerKWh();
        if (!(incentive >= 0 && Double.isFinite(incentive))) {
            c.fail("/incentiveEurPerKWh", "incentiveEurPerKWh must be ≥ 0, got " + incentive);
        }
        double threshold = f.cacerShareThreshold() == null ? 0 : f.cacerShareThreshold();
        if (!(threshold >= 0 && threshold <= 1)) {
            c.fail(
                    "/cacerShareThreshold",
                    "cacerShareThreshold must be in [0, 1] (0.55, or 0.45 with a PNRR " + "grant), got " + threshold);
        }
        String community = f.community() == null ? "" : f.community();
        for (Map.Entry<String, List<Participation>> e : parts.entrySet()) {
            if (!community.isEmpty()
                    && e.getValue().stream().noneMatch(p -> p.communityId().equals(community))) {
                c.fail(
                        "/participations/" + e.getKey(),
                        "participations: member '" + e.getKey() + "' has no participation in this policy's community '"
                                + community + "'");
            }
        }
        return new AllocationPolicy(
                ref,
                community,
                f.method() == null ? "" : f.method().toLowerCase(Locale.ROOT),
                resolution,
                members,
                shares,
                groups,
                parts,
                types,
                nb,
                incentive,
                threshold);
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static long line(JsonLocation l) {
        return l == null ? 0 : Math.max(l.getLineNr(), 0);
    }

    /** JSON pointer of every value → its line, so that checks after binding can still name the line. */
    private static Map<String, Long> lineIndex(String source, String json) throws InputException {
        Map<String, Long> lines = new HashMap<>();
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                    lines.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), (long)
                            p.currentTokenLocation().getLineNr());
                }
            }
        } catch (JsonProcessingException e) {
            throw new InputException(source, line(e.getLocation()), e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(source, 0, e.getMessage());
        }
        return lines;
    }

    /** Validation failures with the line of the offending field. */
    private record Check(String source, Map<String, Long> lines) {
        void fail(String pointer, String reason) throws InputException {
            String p = pointer;
            Long l = lines.get(p);
            while (l == null && p.lastIndexOf('/') > 0) {
                p = p.substring(0, p.lastIndexOf('/'));
                l = lines.get(p);
            }
            throw new InputException(source, l == null ? 1 : l, reason);
        }

        void known(Set<String> members, String member, String pointer, String field) throws InputException {
            if (!members.isEmpty() && !members.contains(member)) {
                fail(pointer, field + ": unknown member '" + member + "' (not in members)");
            }
        }
    }

    /** Parses an already bound tree (REST requests that embed the policy as an object). */
    public static AllocationPolicy read(String source, JsonNode node) throws InputException {
        return read(source, node.toPrettyString());
    }

    /** Whether two policy texts are the same policy (equal JSON trees; layout and key order aside). */
    public static boolean sameContent(String a, String b) {
        try {
            return MAPPER.readTree(a).equals(MAPPER.readTree(b));
        } catch (IOException e) {
            return false;
        }
    }
}
