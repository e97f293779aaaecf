package io.gridhub.sim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members' simulated EV chargers: one OCPP 1.6J charge point each (a Java-WebSocket client) that dials in to the
 * hub's central system, boots, and plugs in a car by the session distribution of {@link #session}: it starts a
 * transaction at the car's arrival, charges at the limit of the charging profile the hub sent (its rated power
 * without one) until the car has its energy or leaves, reports meter values, and stops the transaction at departure.
 * Time stamps are simulated time (the hub's demo time); the link and its retries run on the wall clock.
 */
final class EvChargePoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvChargePoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A car's stay at a charger: arrival, departure and the energy it wants, Wh. */
    record Session(Instant arrival, Instant departure, double energyWh) {}

    /**
     * The car of charger {@code name} on the evening of {@code day} (local): arrival normal around 18:00 (σ 1.5 h,
     * within 15:00-22:00), departure the next morning normal around 07:30 (σ 1 h, within 06:00-09:30), energy uniform
     * in 6-24 kWh (a daily commute of 40-150 km); the same for the same charger and day.
     */
    static Session session(String name, LocalDate day, ZoneId zone) {
        Random r = new Random(name.hashCode() * 31L + day.toEpochDay());
        double arrivalH = Math.max(15, Math.min(22, 18 + 1.5 * r.nextGaussian()));
        double departureH = Math.max(6, Math.min(9.5, 7.5 + r.nextGaussian()));
        double energyWh = 6_000 + 18_000 * r.nextDouble();
        ZonedDateTime midnight = day.atStartOfDay(zone);
        return new Session(
                midnight.plusSeconds(Math.round(arrivalH * 3600)).toInstant(),
                midnight.plusDays(1).plusSeconds(Math.round(departureH * 3600)).toInstant(),
                energyWh);
    }

    private final List<ChargePoint> chargePoints = new ArrayList<>();
    private final Map<Integer, ChargePoint> byMember = new TreeMap<>();

    /**
     * @param centralSystem the central system's URL before the charge point id, e.g. {@code ws://127.0.0.1:9220/ocpp}
     */
    EvChargePoints(List<FieldConfig.EvCharger> chargers, String centralSystem, ZoneId zone, Clock sim, Clock wall) {
        for (FieldConfig.EvCharger c : chargers) {
            if (c.simulated()) {
                ChargePoint cp = new ChargePoint(c, URI.create(centralSystem + "/" + c.name()), zone, sim, wall);
                chargePoints.add(cp);
                byMember.put(c.member(), cp);
            }
        }
    }

    /** What member {@code m}'s charger draws now, W. */
    double powerW(int member) {
        ChargePoint cp = byMember.get(member);
        return cp == null ? 0 : cp.powerW;
    }

    List<ChargePoint> chargePoints() {
        return chargePoints;
    }

    /** Advances every charger to now: sessions, charging, the link and its messages. */
    void step() {
        chargePoints.forEach(ChargePoint::step);
    }

    @Override
    public void close() {
        chargePoints.forEach(ChargePoint::close);
    }

    /** One charger: its car, its meter, its profile, and its link to the central system. */
    static final class ChargePoint {
        final FieldConfig.EvCharger config;
        private final URI uri;
        private final ZoneId zone;
        private final Clock sim;
        private final Clock wall;
        /** Outgoing CALLs, one in flight at a time (OCPP-J): the payload and what to do with the answer. */
        private final Deque<Object[]> calls = new ArrayDeque<>();

        private volatile Link link;
        private Instant lastConnectAttempt = Instant.EPOCH;
        private Instant lastMeterValues = Instant.EPOCH;
        private Instant lastStep;
        private String inFlight;
        private Instant inFlightSince;
        private long nextId;
        private boolean booted;

        Session car;
        /** The transaction id the central system gave, -1 while none runs (or its start is not answered yet). */
        volatile int transactionId = -1;

        private boolean starting;
        volatile double powerW;
        double registerWh;
        private double sessionStartWh;
        /** The profile's start and its periods (seconds after start → limit W), null: none (rated power). */
        volatile Instant profileStart;

        volatile double[][] profile;

        ChargePoint(FieldConfig.EvCharger config, URI uri, ZoneId zone, Clock sim, Clock wall) {
            this.config = config;
            this.uri = uri;
            this.zone = zone;
            this.sim = sim;
            this.wall = wall;
        }

        boolean connected() {
            Link l = link;
            return l != null && l.isOpen();
        }

        /** The profile's limit now, W (the rated power without a profile). */
        double limitW(Instant now) {
            double[][] p = profile;
            Instant start = profileStart;
            if (p == null || start == null) {
                return config.maxPowerW();
            }
            long s = Duration.between(start, now).toSeconds();
            double limit = config.maxPowerW();
            for (double[] period : p) {
                if (period[0] <= s) {
                    limit = period[1];
                }
            }
            return Math.max(config.canDischarge() ? -config.maxPowerW() : 0, Math.min(config.maxPowerW(), limit));
        }

        synchronized void step() {
            Instant now = sim.instant();
            Instant last = lastStep == null ? now : lastStep;
            lastStep = now;
            registerWh += powerW * Duration.between(last, now).toMillis() / 3_600_000.0;
            if (car == null || !now.isBefore(car.departure())) {
                if (car != null) {
                    stop(now);
                }
                // The car of yesterday evening (until this morning) or of this evening, whichever holds now.
                LocalDate today = now.atZone(zone).toLocalDate();
                for (LocalDate d : List.of(today.minusDays(1), today)) {
                    Session s = session(config.name(), d, zone);
                    if (!now.isBefore(s.arrival()) && now.isBefore(s.departure())) {
                        car = s;
                    }
                }
            }
            if (car != null && transactionId < 0 && !starting && booted && now.isBefore(car.departure())) {
                start(now);
            }
            double delivered = registerWh - sessionStartWh;
            powerW = transactionId >= 0 && car != null && delivered < car.energyWh() ? limitW(now) : 0;
            connect();
            Instant w = wall.instant();
            if (transactionId >= 0 && !w.isBefore(lastMeterValues.plusSeconds(10))) {
                lastMeterValues = w;
                meterValues(now);
            }
            if (inFlight != null && w.isAfter(inFlightSince.plusSeconds(30))) {
                // No answer in time: give up on that call and go on.
                inFlight = null;
                sendNext();
            }
        }

        private void start(Instant now) {
            starting = true;
            sessionStartWh = registerWh;
            ObjectNode p = JSON.createObjectNode()
                    .put("connectorId", 1)
                    .put("idTag", "SIM-" + config.name().toUpperCase())
                    .put("meterStart", Math.round(registerWh))
                    .put("timestamp", now.toString());
            call("StartTransaction", p, answer -> {
                synchronized (this) {
                    starting = false;
                    if ("Accepted"
                            .equals(answer.path("idTagInfo").path("status").asText())) {
                        transactionId = answer.path("transactionId").asInt();
                        profile = null;
                    }
                }
            });
            status("Charging", now);
        }

        private void stop(Instant now) {
            if (transactionId >= 0) {
                call(
                        "StopTransaction",
                        JSON.createObjectNode()
                                .put("transactionId", transactionId)
                                .put("meterStop", Math.round(registerWh))
                                .put("timestamp", now.toString())
                                .put("reason", "EVDisconnected"),
                        a -> {});
                status("Available", now);
            }
            transactionId = -1;
            starting = false;
            powerW = 0;
            car = null;
            profile = null;
        }

        private void meterValues(Instant now) {
            ArrayNode sampled = JSON.createArrayNode();
            sampled.addObject()
                    .put("value", String.valueOf(Math.round(registerWh)))
                    .put("measurand", "Energy.Active.Import.Register")
                    .put("unit", "Wh");
            sampled.addObject()
                    .put("value", String.valueOf(Math.round(powerW)))
                    .put("measurand", "Power.Active.Import")
                    .put("unit", "W");
            ObjectNode p = JSON.createObjectNode().put("connectorId", 1).put("transactionId", transactionId);
            p.putArray("meterValue")
                    .addObject()
                    .put("timestamp", now.toString())
                    .set("sampledValue", sampled);
            call("MeterValues", p, a -> {});
        }

        private void status(String status, Instant now) {
            call(
                    "StatusNotification",
                    JSON.createObjectNode()
                            .put("connectorId", 1)
                            .put("errorCode", "NoError")
                            .put("status", status)
                            .put("timestamp", now.toString()),
                    a -> {});
        }

        /** Dials in when not connected, every 5 s of wall time; a new link boots again. */
        private void connect() {
            Instant w = wall.instant();
            if (connected() || w.isBefore(lastConnectAttempt.plusSeconds(5))) {
                return;
            }
            lastConnectAttempt = w;
            Link old = link;
            if (old != null) {
                old.close();
            }
            booted = false;
            calls.clear();
            inFlight = null;
            // A start that was not answered on the old link is made again once booted.
            starting = false;
            Link l = new Link(uri);
            link = l;
            l.connect();
        }

        private void boot() {
            call(
                    "BootNotification",
                    JSON.createObjectNode()
                            .put("chargePointVendor", "gridhub")
                            .put("chargePointModel", "demo-field-ev")
                            .put("chargePointSerialNumber", config.name()),
                    answer -> {
                        synchronized (this) {
                            booted = "Accepted".equals(answer.path("status").asText());
                        }
                    });
            status(transactionId >= 0 ? "Charging" : "Available", sim.instant());
        }

        private synchronized void call(String action, ObjectNode payload, Consumer<JsonNode> onAnswer) {
            if (!connected()) {
                return;
            }
            calls.add(new Object[] {action, payload, onAnswer});
            if (inFlight == null) {
                sendNext();
            }
        }

        @SuppressWarnings("unchecked")
        private synchronized void sendNext() {
            Object[] c = calls.peekFirst();
            Link l = link;
            if (c == null || l == null || !l.isOpen()) {
                return;
            }
            inFlight = Long.toString(++nextId);
            inFlightSince = wall.instant();
            ArrayNode frame = JSON.createArrayNode().add(2).add(inFlight).add((String) c[0]);
            frame.add((ObjectNode) c[1]);
            l.send(frame.toString());
        }

        @SuppressWarnings("unchecked")
        private synchronized void answered(String id, JsonNode payload) {
            if (!id.equals(inFlight)) {
                return;
            }
            Object[] c = calls.pollFirst();
            inFlight = null;
            if (c != null && payload != null) {
                ((Consumer<JsonNode>) c[2]).accept(payload);
            }
            sendNext();
        }

        /** A CALL from the central system: the charging profiles are obeyed; the rest answered as a charger would. */
        private JsonNode handle(String action, JsonNode p) {
            ObjectNode ok = JSON.createObjectNode().put("status", "Accepted");
            switch (action) {
                case "SetChargingProfile" -> {
                    JsonNode cp = p.path("csChargingProfiles");
                    JsonNode s = cp.path("chargingSchedule");
                    String purpose = cp.path("chargingProfilePurpose").asText();
                    if ("TxProfile".equals(purpose) && cp.path("transactionId").asInt(-2) != transactionId) {
                        return JSON.createObjectNode().put("status", "Rejected");
                    }
                    List<double[]> periods = new ArrayList<>();
                    for (JsonNode q : s.path("chargingSchedulePeriod")) {
                        double limit = q.path("limit").asDouble();
                        // A schedule in A: 230 V a phase, as many phases as given (1 by default).
                        if ("A".equals(s.path("chargingRateUnit").asText())) {
                            limit *= 230 * q.path("numberPhases").asInt(1);
                        }
                        periods.add(new double[] {q.path("startPeriod").asDouble(), limit});
                    }
                    String start = s.path("startSchedule").asText("");
                    synchronized (this) {
                        profileStart = start.isEmpty() ? sim.instant() : Instant.parse(start);
                        profile = periods.toArray(double[][]::new);
                    }
                    return ok;
                }
                case "ClearChargingProfile" -> {
                    profile = null;
                    return ok;
                }
                case "GetConfiguration" -> {
                    ObjectNode n = JSON.createObjectNode();
                    n.putArray("configurationKey");
                    n.putArray("unknownKey");
                    return n;
                }
                case "RemoteStopTransaction", "RemoteStartTransaction", "ChangeAvailability", "ChangeConfiguration" -> {
                    return ok;
                }
                default -> {
                    return null;
                }
            }
        }

        void close() {
            Link l = link;
            if (l != null) {
                l.close();
            }
        }

        /** The WebSocket to the central system (subprotocol ocpp1.6). */
        private final class Link extends WebSocketClient {
            Link(URI to) {
                super(to, new Draft_6455(List.of(), List.of(new Protocol("ocpp1.6"), new Protocol(""))));
                setConnectionLostTimeout(60);
            }

            @Override
            public void onOpen(ServerHandshake handshake) {
                LOG.info("EV charger {} connected to {}", config.name(), uri);
                boot();
            }

            @Override
            public void onMessage(String message) {
                try {
                    JsonNode f = JSON.readTree(message);
                    int type = f.path(0).asInt();
                    String id = f.path(1).asText();
                    if (type == 3) {
                        answered(id, f.path(2));
                    } else if (type == 4) {
                        LOG.warn("EV charger {}: CALLERROR {}", config.name(), message);
                        answered(id, null);
                    } else if (type == 2) {
                        JsonNode answer = handle(f.path(2).asText(), f.path(3));
                        ArrayNode out = JSON.createArrayNode();
                        if (answer == null) {
                            out.add(4)
                                    .add(id)
                                    .add("NotImplemented")
                                    .add("not simulated")
                                    .addObject();
                        } else {
                            out.add(3).add(id).add(answer);
                        }
                        send(out.toString());
                    }
                } catch (Exception e) {
                    LOG.warn("EV charger {}: cannot take {}", config.name(), message, e);
                }
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
                LOG.debug("EV charger {} disconnected: {} {}", config.name(), code, reason);
            }

            @Override
            public void onError(Exception e) {
                LOG.debug("EV charger {}: {}", config.name(), e.toString());
            }
        }
    }
}
