package io.gridhub.driver.ocpp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.ProfilePeriod;
import io.gridhub.api.ev.ProfileResult;
import io.gridhub.api.ev.ProfileResult.Status;
import io.gridhub.driver.ocpp.OcppSettings;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Charging profiles as OCPP 1.6 SetChargingProfile / ClearChargingProfile: a TxProfile (stack level 1) for the
 * transaction on the connector, else a TxDefaultProfile (stack level 0), Absolute, in W. Each connector and purpose
 * has one fixed profile id, so a new profile replaces the last one instead of piling up.
 */
final class Profiles {
    private static final int TX_PROFILE_BASE = 1_000_000;
    private static final int TX_DEFAULT_BASE = 2_000_000;

    private Profiles() {}

    static CompletableFuture<ProfileResult> apply(
            CentralSystem system, SessionBook sessions, String cpId, int connector, List<ProfilePeriod> periods) {
        Optional<OcppSettings> cp = system.settings(cpId);
        if (cp.isEmpty()) {
            return done(Status.OFFLINE, "no charge point " + cpId + " is configured");
        }
        if (connector < 1 || periods == null || periods.isEmpty()) {
            return done(Status.REJECTED, "a profile needs a connector of 1 or more and at least one period");
        }
        for (int i = 1; i < periods.size(); i++) {
            if (!periods.get(i).start().isAfter(periods.get(i - 1).start())) {
                return done(Status.REJECTED, "the periods must start in time order");
            }
        }
        if (!cp.get().canDischarge() && periods.stream().anyMatch(p -> p.limitW() < 0)) {
            return done(Status.REJECTED, "charge point " + cpId + " cannot discharge: a limit is negative");
        }
        Optional<EvSession> tx = sessions.openOn(cpId, connector);
        ObjectNode profile = Frame.JSON.createObjectNode();
        profile.put("chargingProfileId", (tx.isPresent() ? TX_PROFILE_BASE : TX_DEFAULT_BASE) + connector);
        tx.ifPresent(s -> profile.put("transactionId", s.transactionId()));
        profile.put("stackLevel", tx.isPresent() ? 1 : 0)
                .put("chargingProfilePurpose", tx.isPresent() ? "TxProfile" : "TxDefaultProfile")
                .put("chargingProfileKind", "Absolute");
        ObjectNode schedule = profile.putObject("chargingSchedule");
        var start = periods.get(0).start().truncatedTo(ChronoUnit.SECONDS);
        schedule.put("startSchedule", start.toString()).put("chargingRateUnit", "W");
        ArrayNode list = schedule.putArray("chargingSchedulePeriod");
        for (ProfilePeriod p : periods) {
            list.addObject()
                    .put("startPeriod", Duration.between(start, p.start()).toSeconds())
                    // The schema wants a multiple of 0.1.
                    .put("limit", Math.round(p.limitW() * 10) / 10.0);
        }
        ObjectNode req = Frame.JSON.createObjectNode().put("connectorId", connector);
        req.set("csChargingProfiles", profile);
        return answered(system.call(cpId, "SetChargingProfile", req));
    }

    static CompletableFuture<ProfileResult> clear(CentralSystem system, String cpId, int connector) {
        ObjectNode req = Frame.JSON.createObjectNode().put("connectorId", connector);
        return answered(system.call(cpId, "ClearChargingProfile", req));
    }

    /** A SetChargingProfile or ClearChargingProfile answer ("Accepted", "Rejected", "NotSupported", "Unknown"). */
    private static CompletableFuture<ProfileResult> answered(CompletableFuture<JsonNode> call) {
        return call.handle((conf, failure) -> {
            if (failure != null) {
                return failed(failure instanceof CompletionException ? failure.getCause() : failure);
            }
            String status = conf.path("status").asText();
            return switch (status) {
                case "Accepted" -> new ProfileResult(Status.ACCEPTED, "");
                case "NotSupported" ->
                    new ProfileResult(Status.NOT_SUPPORTED, "the charge point answered NotSupported");
                default -> new ProfileResult(Status.REJECTED, "the charge point answered " + status);
            };
        });
    }

    static ProfileResult failed(Throwable t) {
        if (t instanceof OcppError e) {
            boolean unsupported = e.code() == OcppError.Code.NotSupported || e.code() == OcppError.Code.NotImplemented;
            return new ProfileResult(unsupported ? Status.NOT_SUPPORTED : Status.FAILED, e.getMessage());
        }
        if (ChargePointLink.isTimeout(t)) {
            return new ProfileResult(Status.FAILED, "no answer in time");
        }
        if (t instanceof IllegalStateException) {
            return new ProfileResult(Status.OFFLINE, t.getMessage());
        }
        return new ProfileResult(Status.FAILED, String.valueOf(t));
    }

    private static CompletableFuture<ProfileResult> done(Status status, String detail) {
        return CompletableFuture.completedFuture(new ProfileResult(status, detail));
    }
}
