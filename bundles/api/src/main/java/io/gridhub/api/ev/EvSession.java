package io.gridhub.api.ev;

import io.gridhub.api.check.Fields;
import io.gridhub.api.dispatch.EvParameters;
import java.time.Instant;

/**
 * One charging session (an OCPP transaction) as the central system knows it now.
 *
 * @param id                 {@code <chargePointId>-<transactionId>}, stable for the session
 * @param chargePointId      the charge point's configured id
 * @param connectorId        the connector, 1 or more
 * @param transactionId      the transaction id the central system gave at StartTransaction
 * @param idTag              the token the session was started with
 * @param assetId            the charge point's asset in the community's topology ({@code ""} when not configured)
 * @param arrival            the StartTransaction time stamp
 * @param departure          when the car leaves: the member's word ({@code departureSource} MEMBER) or the charge
 *                           point's default dwell time after arrival
 * @param energyNeededWh     energy the car still wants in total for this session, Wh (the member's or the default)
 * @param energyDeliveredWh  energy delivered so far (meter now minus meter at start), Wh
 * @param powerW             the last active power reported, W ({@code NaN} before the first meter value)
 * @param socPercent         state of charge reported by the charger, % ({@code NaN} when it sends none)
 * @param maxPowerW          the charge point's rated power, W
 * @param canDischarge       whether the charger reported (configured) that it can discharge (V2G)
 * @param state              active, offline (the charge point is not connected; the session may go on) or ended
 * @param ended              when it ended ({@code null} until then)
 */
public record EvSession(
        String id,
        String chargePointId,
        int connectorId,
        int transactionId,
        String idTag,
        String assetId,
        Instant arrival,
        Instant departure,
        Origin departureSource,
        double energyNeededWh,
        Origin energyNeededSource,
        double energyDeliveredWh,
        double powerW,
        double socPercent,
        double maxPowerW,
        boolean canDischarge,
        State state,
        Instant ended) {
    /** Where a departure or an energy need came from. */
    public enum Origin {
        /** The charge point's (member's) configured default. */
        DEFAULT,
        /** The member said so (REST). */
        MEMBER
    }

    public enum State {
        ACTIVE,
        /** The charge point is not connected: nothing can be sent to it; the constraints should be relaxed. */
        OFFLINE,
        ENDED
    }

    public EvSession {
        Fields.require(
                "id chargePointId arrival departure departureSource energyNeededSource state",
                id,
                chargePointId,
                arrival,
                departure,
                departureSource,
                energyNeededSource,
                state);
        idTag = Fields.orEmpty(idTag);
        assetId = Fields.orEmpty(assetId);
        if (connectorId < 1) {
            throw new IllegalArgumentException("session " + id + ": connector must be 1 or more, got " + connectorId);
        }
    }

    /**
     * The session with what the member said: its departure and the energy it needs in total (a {@code null} keeps
     * the value as it is; a value given becomes {@link Origin#MEMBER}).
     *
     * @throws IllegalArgumentException the session has ended, the departure is not after the arrival, or the energy
     *                                  is negative or not finite
     * @since 1.1
     */
    public EvSession withMemberSaying(Instant newDeparture, Double newEnergyNeededWh) {
        if (state == State.ENDED) {
            throw new IllegalArgumentException("session " + id + " has ended");
        }
        if (newDeparture != null && !newDeparture.isAfter(arrival)) {
            throw new IllegalArgumentException("session " + id + ": departure must be after arrival " + arrival);
        }
        if (newEnergyNeededWh != null && !(newEnergyNeededWh >= 0 && Double.isFinite(newEnergyNeededWh))) {
            throw new IllegalArgumentException("session " + id + ": energy needed must be 0 Wh or more");
        }
        return new EvSession(
                id,
                chargePointId,
                connectorId,
                transactionId,
                idTag,
                assetId,
                arrival,
                newDeparture == null ? departure : newDeparture,
                newDeparture == null ? departureSource : Origin.MEMBER,
                newEnergyNeededWh == null ? energyNeededWh : newEnergyNeededWh,
                newEnergyNeededWh == null ? energyNeededSource : Origin.MEMBER,
                energyDeliveredWh,
                powerW,
                socPercent,
                maxPowerW,
                canDischarge,
                state,
                ended);
    }

    /** Energy still to deliver, Wh (never negative). */
    public double energyRemainingWh() {
        return Math.max(0, energyNeededWh - energyDeliveredWh);
    }

    /**
     * The session as the dispatch model's EV constraint from {@code now}: the energy still needed until departure at
     * up to the rated power. An offline or ended session, or one whose departure has passed, has no constraint
     * ({@code null}): the plan must not count on it.
     */
    public EvParameters toEvParameters(Instant now) {
        Instant from = arrival.isAfter(now) ? arrival : now;
        if (state != State.ACTIVE || assetId.isEmpty() || !departure.isAfter(from) || !(maxPowerW > 0)) {
            return null;
        }
        return new EvParameters(assetId, from, departure, energyRemainingWh(), maxPowerW, 0);
    }
}
