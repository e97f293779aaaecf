package io.gridhub.api.settlement;

import io.gridhub.api.check.Fields;
import java.util.List;

/**
 * Meter data and policy as text, the way they arrive in files or HTTP requests. Meters are CSV in long format
 * {@code timestamp,member,consumption_kWh,generation_kWh}; the policy is JSON (docs/allocation.md); prices are
 * flat ({@code importPrice}, {@code exportPrice}, EUR/kWh) or a CSV ({@code timestamp,import_EUR_per_kWh[,
 * export_EUR_per_kWh]}). The names are what error messages call the sources ({@code name:line: reason}).
 *
 * @param policyId instead of {@code policyJson}: the id of a governed policy; the hub uses its approved version
 *                 in force at the start of the metered period
 * @param notes    what the caller knows about the input and the run should say, recorded first among its notes
 *                 (e.g. {@link SettlementRun#PROVISIONAL} when meter data is missing)
 */
public record SettlementInput(
        String communityId,
        String method,
        String metersName,
        String metersCsv,
        String policyName,
        String policyJson,
        Double importPrice,
        Double exportPrice,
        String pricesName,
        String pricesCsv,
        String policyId,
        List<String> notes) {
    public SettlementInput {
        Fields.require("method metersCsv", method, metersCsv);
        communityId = communityId == null || communityId.isBlank() ? "community" : communityId;
        metersName = metersName == null ? "meters" : metersName;
        policyName = policyName == null ? "policy" : policyName;
        pricesName = pricesName == null ? "prices" : pricesName;
        notes = Fields.copyOf(notes);
    }
}
