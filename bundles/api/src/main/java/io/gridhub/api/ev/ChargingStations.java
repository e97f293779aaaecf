package io.gridhub.api.ev;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The EV charge points the hub runs (an OCPP central system), their sessions, and charging profiles sent to them.
 * Calls may come from any thread; none blocks on a charge point.
 */
@ProviderType
public interface ChargingStations {
    /** Every configured charge point, sorted by id. */
    List<ChargePointInfo> chargePoints();

    /** Charge points that tried to connect with an identity no configuration knows (refused; held for approval). */
    List<UnknownChargePoint> unknownChargePoints();

    /** Sessions: the open ones (active or offline), then the recently ended ones, each group newest first. */
    List<EvSession> sessions();

    Optional<EvSession> session(String id);

    /**
     * Sets what the member said about an open session: its departure and the energy it needs in total, Wh. A
     * {@code null} argument leaves that value as it is.
     *
     * @return the session after the change
     * @throws NoSuchElementException   no session has this id
     * @throws IllegalArgumentException the session has ended, the departure is not after its arrival, or the energy
     *                                  is negative or not finite
     */
    EvSession updateSession(String id, Instant departure, Double energyNeededWh);

    /**
     * Sends a charging profile to one connector: a TxProfile for the transaction running on it, or a
     * TxDefaultProfile when none runs, with the periods' limits in W (the first period's start is the schedule's
     * start). Replaces the profile sent before for that connector and purpose.
     *
     * @param periods at least one, in time order
     * @return completes (never exceptionally) with the charge point's answer, or why there is none
     */
    CompletableFuture<ProfileResult> applyProfile(String chargePointId, int connectorId, List<ProfilePeriod> periods);

    /** Clears the profiles the hub sent to one connector (ClearChargingProfile), answered as for applyProfile. */
    CompletableFuture<ProfileResult> clearProfiles(String chargePointId, int connectorId);
}
