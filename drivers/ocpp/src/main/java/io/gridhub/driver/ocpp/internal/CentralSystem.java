package io.gridhub.driver.ocpp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.ev.ChargePointInfo;
import io.gridhub.api.ev.ChargingStations;
import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.EvSessionListener;
import io.gridhub.api.ev.ProfilePeriod;
import io.gridhub.api.ev.ProfileResult;
import io.gridhub.api.ev.UnknownChargePoint;
import io.gridhub.driver.ocpp.OcppSettings;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCPP 1.6J central system without its socket: which charge points it knows (by their configurations), who is
 * connected, every frame in and out (validated against the OCPP 1.6 schemas both ways), the sessions, and the calls
 * the hub makes. {@link OcppServer} feeds it; the driver's connections and the {@link ChargingStations} service read
 * it.
 */
public final class CentralSystem implements ChargingStations, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CentralSystem.class);
    /** Unknown identities kept for approval (the oldest attempt goes first). */
    static final int MAX_UNKNOWN = 200;

    /** A handshake the central system refuses, and why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    private final Clock clock;
    private final Duration callTimeout;
    private final Schemas schemas = Schemas.get();
    private final Inbound inbound;
    private final SessionBook sessions;
    private final Map<String, OcppSettings> known = new ConcurrentHashMap<>();
    private final Map<String, ChargePointLink> links = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, UnknownChargePoint> unknown = new ConcurrentHashMap<>();
    private final List<EvSessionListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(Daemons.threads("ocpp-session-events"));

    public CentralSystem(Clock clock, Duration callTimeout, int heartbeatSeconds) {
        this.clock = clock;
        this.callTimeout = callTimeout;
        this.sessions = new SessionBook(clock.instant());
        this.inbound = new Inbound(this, sessions, clock, heartbeatSeconds);
    }

    /** The charge points the configurations name now; a link of one no longer named is closed. */
    public void configure(Collection<OcppSettings> chargePoints) {
        Map<String, OcppSettings> next = new TreeMap<>();
        for (OcppSettings s : chargePoints) {
            next.put(s.chargePointId(), s);
        }
        known.keySet().retainAll(next.keySet());
        known.putAll(next);
        for (ChargePointLink l : List.copyOf(links.values())) {
            if (!known.containsKey(l.id)) {
                closed(l, "no longer configured");
            }
        }
        unknown.keySet().removeAll(next.keySet());
    }

    Optional<OcppSettings> settings(String chargePointId) {
        return Optional.ofNullable(known.get(chargePointId));
    }

    public void addListener(EvSessionListener l) {
        listeners.add(l);
    }

    public void removeListener(EvSessionListener l) {
        listeners.remove(l);
    }

    /**
     * Decides a handshake: a configured charge point with the right Basic credentials (user = its id), or one marked
     * {@code allowNoAuth} connecting from loopback without any. An unknown identity is listed for approval.
     */
    OcppSettings admit(String id, String authorization, InetAddress remote) throws Refused {
        OcppSettings cp = known.get(id);
        if (cp == null) {
            String address = remote == null ? "" : remote.getHostAddress();
            if (unknown.size() >= MAX_UNKNOWN && !unknown.containsKey(id)) {
                // Anyone can knock with made-up ids: keep the newest attempts only.
                unknown.values().stream()
                        .min(Comparator.comparing(UnknownChargePoint::lastAttempt))
                        .ifPresent(oldest -> unknown.remove(oldest.id()));
            }
            unknown.merge(
                    id,
                    new UnknownChargePoint(id, address, clock.instant(), 1),
                    (a, b) -> new UnknownChargePoint(id, address, b.lastAttempt(), a.attempts() + 1));
            throw new Refused("unknown charge point " + id);
        }
        if (authorization == null || authorization.isEmpty()) {
            if (cp.allowNoAuth() && remote != null && remote.isLoopbackAddress()) {
                return cp;
            }
            throw new Refused("charge point " + id + " sent no credentials");
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new Refused("charge point " + id + ": only HTTP Basic authentication");
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("charge point " + id + ": credentials are not Base64");
        }
        // The user is the charge point's id, which may itself contain colons: the password is what follows "id:".
        String user = id + ":";
        boolean ok = decoded.startsWith(user)
                && !cp.password().isEmpty()
                && MessageDigest.isEqual(
                        decoded.substring(user.length()).getBytes(StandardCharsets.UTF_8),
                        cp.password().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw new Refused("charge point " + id + ": wrong user or password");
        }
        return cp;
    }

    /** A handshake succeeded: the new link replaces one the charge point may still have open. */
    ChargePointLink opened(String id, OcppSettings cp, String remote, ChargePointLink.Socket socket) {
        ChargePointLink link = new ChargePointLink(id, cp, remote, socket, callTimeout, clock.instant());
        ChargePointLink old = links.put(id, link);
        if (old != null) {
            old.closed("replaced by a new connection");
        }
        lastSeen.put(id, clock.instant());
        notify(sessions.online(id, true));
        LOG.info("charge point {} connected from {}", id, remote);
        return link;
    }

    void closed(ChargePointLink link, String why) {
        link.closed(why);
        if (links.remove(link.id, link)) {
            notify(sessions.online(link.id, false));
            LOG.info("charge point {} disconnected: {}", link.id, why);
        }
    }

    /** One text frame from a charge point. Every CALL gets an answer, a CALLERROR when it is not valid. */
    void onText(ChargePointLink link, String text) {
        Instant now = clock.instant();
        link.lastSeen = now;
        lastSeen.put(link.id, now);
        Frame f;
        try {
            f = Frame.parse(text);
        } catch (Frame.Malformed m) {
            link.send(Frame.error(m.id, m.error));
            return;
        }
        switch (f.type()) {
            case Frame.CALL -> link.send(answer(link, f));
            case Frame.RESULT -> {
                String action = link.pendingAction(f.id());
                if (action != null) {
                    try {
                        schemas.response(action, f.payload());
                        link.answer(f.id(), f.payload(), null);
                    } catch (OcppError e) {
                        link.answer(f.id(), null, e);
                    }
                }
            }
            default ->
                link.answer(
                        f.id(),
                        null,
                        new OcppError(OcppError.codeOf(f.errorCode()), f.errorCode() + ": " + f.errorDescription()));
        }
    }

    private String answer(ChargePointLink link, Frame call) {
        try {
            if (!schemas.knows(call.action())) {
                throw new OcppError(
                        OcppError.Code.NotImplemented, "the central system does not implement " + call.action());
            }
            schemas.request(call.action(), call.payload());
            JsonNode result = inbound.handle(link, call.action(), call.payload());
            return Frame.result(call.id(), result);
        } catch (OcppError e) {
            return Frame.error(call.id(), e);
        } catch (RuntimeException | LinkageError e) {
            // A bug (or a library that cannot load) fails this call only, never the socket or the server.
            LOG.warn("charge point {}: {} failed", link.id, call.action(), e);
            return Frame.error(call.id(), new OcppError(OcppError.Code.InternalError, String.valueOf(e)));
        }
    }

    /** Sends a CALL; completes with the validated answer, or exceptionally (not connected, CALLERROR, time-out). */
    public CompletableFuture<JsonNode> call(String chargePointId, String action, ObjectNode payload) {
        ChargePointLink link = links.get(chargePointId);
        if (link == null || !link.isOpen()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("charge point " + chargePointId + " is not connected"));
        }
        try {
            schemas.request(action, payload);
        } catch (OcppError e) {
            return CompletableFuture.failedFuture(e);
        }
        return link.call(action, payload);
    }

    Optional<ChargePointLink> link(String chargePointId) {
        return Optional.ofNullable(links.get(chargePointId));
    }

    /** Whether a transaction runs on the connector. */
    boolean sessionOn(String chargePointId, int connector) {
        return sessions.openOn(chargePointId, connector).isPresent();
    }

    Duration callTimeout() {
        return callTimeout;
    }

    void started(EvSession s) {
        events.execute(() -> {
            for (EvSessionListener l : listeners) {
                try {
                    l.sessionStarted(s);
                } catch (RuntimeException e) {
                    LOG.warn("session listener {} failed on {}", l, s.id(), e);
                }
            }
        });
    }

    void notify(List<EvSession> changed) {
        if (changed.isEmpty()) {
            return;
        }
        events.execute(() -> {
            for (EvSession s : changed) {
                for (EvSessionListener l : listeners) {
                    try {
                        l.sessionChanged(s);
                    } catch (RuntimeException e) {
                        LOG.warn("session listener {} failed on {}", l, s.id(), e);
                    }
                }
            }
        });
    }

    @Override
    public List<ChargePointInfo> chargePoints() {
        List<ChargePointInfo> out = new ArrayList<>();
        for (OcppSettings cp : new TreeMap<>(known).values()) {
            ChargePointLink l = links.get(cp.chargePointId());
            boolean up = l != null && l.isOpen();
            out.add(new ChargePointInfo(
                    cp.chargePointId(),
                    up,
                    up && l.booted,
                    l == null ? "" : l.vendor,
                    l == null ? "" : l.model,
                    lastSeen.get(cp.chargePointId()),
                    l == null ? Map.of() : new TreeMap<>(l.connectorStatus),
                    cp.canDischarge(),
                    cp.maxPowerW()));
        }
        return out;
    }

    @Override
    public List<UnknownChargePoint> unknownChargePoints() {
        List<UnknownChargePoint> out = new ArrayList<>(unknown.values());
        out.sort(Comparator.comparing(UnknownChargePoint::id));
        return out;
    }

    @Override
    public List<EvSession> sessions() {
        return sessions.all();
    }

    @Override
    public Optional<EvSession> session(String id) {
        return sessions.get(id);
    }

    @Override
    public EvSession updateSession(String id, Instant departure, Double energyNeededWh) {
        EvSession s = sessions.update(id, departure, energyNeededWh);
        notify(List.of(s));
        return s;
    }

    @Override
    public CompletableFuture<ProfileResult> applyProfile(
            String chargePointId, int connectorId, List<ProfilePeriod> periods) {
        return Profiles.apply(this, sessions, chargePointId, connectorId, periods);
    }

    @Override
    public CompletableFuture<ProfileResult> clearProfiles(String chargePointId, int connectorId) {
        return Profiles.clear(this, chargePointId, connectorId);
    }

    @Override
    public void close() {
        for (ChargePointLink l : List.copyOf(links.values())) {
            closed(l, "central system stopped");
        }
        events.shutdownNow();
    }
}
