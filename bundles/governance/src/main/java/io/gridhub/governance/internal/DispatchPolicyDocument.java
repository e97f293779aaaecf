package io.gridhub.governance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A governed dispatch policy of one community: {@code {"id":"dispatch-policy-demo","version":1,
 * "kind":"dispatch-policy","community":"demo","connectionImportLimitW":200000,"connectionExportLimitW":150000,
 * "peakChargeEurPerKW":0.27,"timeLimitSeconds":20,"batteryReserveWh":45000}}. The same fields as a dispatch
 * scenario's {@code policy} (docs/dispatch.md), plus the battery reserve to hold for an outage (Wh above the batteries'
 * minimum, as a drill recommends it, docs/drills.md); a limit left out means none, a peak charge or reserve left out 0.
 * The operating loop holds the approved version's battery reserve in every plan; the limits, peak charge and time
 * limit are proposable, checked and approved like any other policy, and still taken from the loop's configuration.
 */
record DispatchPolicyDocument(
        String id,
        int version,
        String community,
        Double connectionImportLimitW,
        Double connectionExportLimitW,
        double peakChargeEurPerKW,
        Integer timeLimitSeconds,
        double batteryReserveWh) {
    static final String KIND = "dispatch-policy";
    static final String PREFIX = KIND + "-";
    /** A solver time limit above this would stall the loop's cycle. */
    static final int MAX_TIME_LIMIT_SECONDS = 3600;

    private static final Set<String> FIELDS = Set.of(
            "id",
            "version",
            "kind",
            "community",
            "connectionImportLimitW",
            "connectionExportLimitW",
            "peakChargeEurPerKW",
            "timeLimitSeconds",
            "batteryReserveWh",
            "description");

    static String policyId(String community) {
        return PREFIX + community;
    }

    static DispatchPolicyDocument read(JsonNode n) throws InvalidPolicy {
        PolicyFields.known(
                n,
                KIND,
                FIELDS,
                "id, version, kind, community and optionally connectionImportLimitW, "
                        + "connectionExportLimitW, peakChargeEurPerKW, timeLimitSeconds, batteryReserveWh, "
                        + "description");
        String c = PolicyFields.community(n, KIND);
        String id = PolicyFields.id(n, KIND, policyId(c), "the dispatch policy of community " + c);
        int version = PolicyFields.version(n, KIND);
        Double importLimit = nonNegative(n, "connectionImportLimitW", "W");
        Double exportLimit = nonNegative(n, "connectionExportLimitW", "W");
        Double peak = nonNegative(n, "peakChargeEurPerKW", "EUR/kW");
        Integer timeLimit = null;
        JsonNode t = n.get("timeLimitSeconds");
        if (t != null) {
            if (!t.canConvertToExactIntegral()
                    || !t.canConvertToInt()
                    || t.asInt() < 1
                    || t.asInt() > MAX_TIME_LIMIT_SECONDS) {
                throw new InvalidPolicy(
                        KIND,
                        "timeLimitSeconds: whole seconds from 1 to " + MAX_TIME_LIMIT_SECONDS + " required, got " + t);
            }
            timeLimit = t.asInt();
        }
        Double reserve = nonNegative(n, "batteryReserveWh", "Wh");
        PolicyFields.description(n, KIND);
        return new DispatchPolicyDocument(
                id,
                version,
                c,
                importLimit,
                exportLimit,
                peak == null ? 0 : peak,
                timeLimit,
                reserve == null ? 0 : reserve);
    }

    private static Double nonNegative(JsonNode n, String field, String unit) throws InvalidPolicy {
        JsonNode v = n.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw new InvalidPolicy(KIND, field + ": a number ≥ 0 (" + unit + ") required, got " + v);
        }
        return v.asDouble();
    }
}
