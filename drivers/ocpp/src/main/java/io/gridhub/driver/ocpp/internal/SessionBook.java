package io.gridhub.driver.ocpp.internal;

import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.EvSession.Origin;
import io.gridhub.api.ev.EvSession.State;
import io.gridhub.driver.ocpp.OcppSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The central system's charging sessions: opened by StartTransaction, kept up to date by MeterValues, offline while
 * the charge point is not connected, ended by StopTransaction; the last {@value #ENDED_KEPT} ended ones are kept for
 * the list. Transaction ids start from the clock's seconds so that a restarted hub does not hand out an id again.
 */
final class SessionBook {
    static final int ENDED_KEPT = 500;

    private final Map<String, EvSession> open = new LinkedHashMap<>();
    private final Map<String, Double> meterStartWh = new HashMap<>();
    private final Deque<EvSession> ended = new ArrayDeque<>();
    private int nextTransaction;

    SessionBook(Instant now) {
        nextTransaction = (int) (now.getEpochSecond() % 1_000_000_000L);
    }

    static String idOf(String chargePointId, int transactionId) {
        return chargePointId + "-" + transactionId;
    }

    synchronized EvSession start(
            String chargePointId, OcppSettings cp, int connector, String idTag, double meterStart, Instant arrival) {
        int tx = ++nextTransaction;
        // A new transaction on a connector ends one the charger never stopped (it lost it, e.g. a reboot).
        openOn(chargePointId, connector).ifPresent(old -> end(old, old.energyDeliveredWh(), arrival));
        EvSession s = new EvSession(
                idOf(chargePointId, tx),
                chargePointId,
                connector,
                tx,
                idTag,
                cp.assetId(),
                arrival,
                arrival.plus(Duration.ofMinutes(cp.defaultStayMinutes())),
                Origin.DEFAULT,
                cp.defaultEnergyWh(),
                Origin.DEFAULT,
                0,
                Double.NaN,
                Double.NaN,
                cp.maxPowerW(),
                cp.canDischarge(),
                State.ACTIVE,
                null);
        open.put(s.id(), s);
        meterStartWh.put(s.id(), meterStart);
        return s;
    }

    /** Ends the transaction; empty when the hub does not know it (started before a restart). */
    synchronized Optional<EvSession> stop(String chargePointId, int transactionId, double meterStop, Instant at) {
        EvSession s = open.get(idOf(chargePointId, transactionId));
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(end(s, meterStop - meterStartWh.getOrDefault(s.id(), 0.0), at));
    }

    private EvSession end(EvSession s, double deliveredWh, Instant at) {
        EvSession e = with(s, Math.max(0, deliveredWh), s.powerW(), s.socPercent(), State.ENDED, at);
        open.remove(s.id());
        meterStartWh.remove(s.id());
        ended.addFirst(e);
        while (ended.size() > ENDED_KEPT) {
            ended.removeLast();
        }
        return e;
    }

    synchronized Optional<EvSession> openOn(String chargePointId, int connector) {
        return open.values().stream()
                .filter(s -> s.chargePointId().equals(chargePointId) && s.connectorId() == connector)
                .findFirst();
    }

    /**
     * Meter values of a connector: the energy register (Wh, NaN when not sent), power (W) and SoC (%) update its
     * open session, if any.
     */
    synchronized Optional<EvSession> meter(
            String chargePointId, int connector, double registerWh, double powerW, double socPercent) {
        return openOn(chargePointId, connector).map(s -> {
            double delivered = Double.isNaN(registerWh)
                    ? s.energyDeliveredWh()
                    : Math.max(0, registerWh - meterStartWh.getOrDefault(s.id(), 0.0));
            EvSession u = with(
                    s,
                    delivered,
                    Double.isNaN(powerW) ? s.powerW() : powerW,
                    Double.isNaN(socPercent) ? s.socPercent() : socPercent,
                    s.state(),
                    null);
            open.put(u.id(), u);
            return u;
        });
    }

    /** The charge point connected or disconnected: its open sessions become ACTIVE or OFFLINE; returns the changed. */
    synchronized List<EvSession> online(String chargePointId, boolean online) {
        List<EvSession> changed = new ArrayList<>();
        State to = online ? State.ACTIVE : State.OFFLINE;
        for (EvSession s : List.copyOf(open.values())) {
            if (s.chargePointId().equals(chargePointId) && s.state() != to) {
                EvSession u =
                        with(s, s.energyDeliveredWh(), online ? s.powerW() : Double.NaN, s.socPercent(), to, null);
                open.put(u.id(), u);
                changed.add(u);
            }
        }
        return changed;
    }

    synchronized EvSession update(String id, Instant departure, Double energyNeededWh) {
        EvSession s = open.get(id);
        if (s == null) {
            if (ended.stream().anyMatch(e -> e.id().equals(id))) {
                throw new IllegalArgumentException("session " + id + " has ended");
            }
            throw new NoSuchElementException("no session " + id);
        }
        EvSession u = s.withMemberSaying(departure, energyNeededWh);
        open.put(id, u);
        return u;
    }

    synchronized Optional<EvSession> get(String id) {
        EvSession s = open.get(id);
        return s != null
                ? Optional.of(s)
                : ended.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Open sessions newest first, then ended ones newest first. */
    synchronized List<EvSession> all() {
        List<EvSession> out = new ArrayList<>(open.values());
        out.sort(Comparator.comparing(EvSession::arrival).reversed());
        out.addAll(ended);
        return out;
    }

    private static EvSession with(
            EvSession s, double deliveredWh, double powerW, double soc, State state, Instant end) {
        return new EvSession(
                s.id(),
                s.chargePointId(),
                s.connectorId(),
                s.transactionId(),
                s.idTag(),
                s.assetId(),
                s.arrival(),
                s.departure(),
                s.departureSource(),
                s.energyNeededWh(),
                s.energyNeededSource(),
                deliveredWh,
                powerW,
                soc,
                s.maxPowerW(),
                s.canDischarge(),
                state,
                end);
    }
}
