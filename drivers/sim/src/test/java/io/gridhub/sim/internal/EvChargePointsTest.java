package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.testkit.SteppingClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;

class EvChargePointsTest {
    static final ZoneId ZONE = ZoneId.of("Australia/Sydney");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sessionsFollowTheDocumentedDistributionAndRepeatForTheSameDay() {
        for (int d = 0; d < 60; d++) {
            LocalDate day = LocalDate.of(2024, 2, 1).plusDays(d);
            for (int k = 1; k <= 10; k++) {
                EvChargePoints.Session s = EvChargePoints.session("demo-cp" + k, day, ZONE);
                LocalTime arrival = s.arrival().atZone(ZONE).toLocalTime();
                LocalTime departure = s.departure().atZone(ZONE).toLocalTime();
                assertThat(s.arrival().atZone(ZONE).toLocalDate()).isEqualTo(day);
                assertThat(arrival).isBetween(LocalTime.of(15, 0), LocalTime.of(22, 0));
                assertThat(s.departure().atZone(ZONE).toLocalDate()).isEqualTo(day.plusDays(1));
                assertThat(departure).isBetween(LocalTime.of(6, 0), LocalTime.of(9, 30));
                assertThat(s.energyWh()).isBetween(6_000.0, 24_000.0);
                assertThat(EvChargePoints.session("demo-cp" + k, day, ZONE)).isEqualTo(s);
            }
        }
    }

    /** A minimal central system: boot and start accepted, then a 3 kW TxProfile for the transaction. */
    static final class Central extends WebSocketServer {
        final List<JsonNode> calls = new CopyOnWriteArrayList<>();
        volatile String profileAnswer;

        Central() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {}

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

        @Override
        public void onMessage(WebSocket conn, String message) {
            try {
                JsonNode f = JSON.readTree(message);
                if (f.path(0).asInt() == 3) {
                    profileAnswer = f.path(2).path("status").asText();
                    return;
                }
                calls.add(f);
                String id = f.path(1).asText();
                switch (f.path(2).asText()) {
                    case "BootNotification" ->
                        conn.send("[3,\"" + id + "\",{\"status\":\"Accepted\",\"currentTime\":\"2024-02-05T08:00:00Z\","
                                + "\"interval\":300}]");
                    case "StartTransaction" -> {
                        conn.send("[3,\"" + id + "\",{\"transactionId\":42,\"idTagInfo\":{\"status\":\"Accepted\"}}]");
                        conn.send("[2,\"p1\",\"SetChargingProfile\",{\"connectorId\":1,\"csChargingProfiles\":{"
                                + "\"chargingProfileId\":1,\"transactionId\":42,\"stackLevel\":1,"
                                + "\"chargingProfilePurpose\":\"TxProfile\",\"chargingProfileKind\":\"Absolute\","
                                + "\"chargingSchedule\":{\"startSchedule\":\""
                                + f.path(3).path("timestamp").asText() + "\","
                                + "\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,"
                                + "\"limit\":3000},{\"startPeriod\":7200,\"limit\":0}]}}}]");
                    }
                    default -> conn.send("[3,\"" + id + "\",{}]");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {}

        @Override
        public void onStart() {}
    }

    private static void await(BooleanSupplier c, Runnable step) throws InterruptedException {
        long until = System.currentTimeMillis() + 15_000;
        while (!c.getAsBoolean() && System.currentTimeMillis() < until) {
            step.run();
            Thread.sleep(50);
        }
        assertThat(c.getAsBoolean()).isTrue();
    }

    @Test
    void aChargerBootsStartsAtArrivalObeysItsProfileAndStopsAtDeparture() throws Exception {
        LocalDate day = LocalDate.of(2024, 2, 5);
        FieldConfig.EvCharger c = new FieldConfig.EvCharger("demo-cp01", 5, 7400, false, true, 480, 20000);
        EvChargePoints.Session car = EvChargePoints.session("demo-cp01", day, ZONE);
        SteppingClock sim = SteppingClock.at(car.arrival().plusSeconds(60));
        Central central = new Central();
        central.start();
        Thread.sleep(200);
        EvChargePoints field = new EvChargePoints(
                List.of(c, new FieldConfig.EvCharger("peer-cp01", 6, 7400, false, false, 480, 20000)),
                "ws://127.0.0.1:" + central.getPort() + "/ocpp",
                ZONE,
                sim,
                Clock.systemUTC());
        try {
            assertThat(field.chargePoints())
                    .singleElement()
                    .satisfies(cp -> assertThat(cp.config.name()).isEqualTo("demo-cp01"));
            EvChargePoints.ChargePoint cp = field.chargePoints().get(0);
            // the car arrived a minute ago: it starts a transaction once booted and gets the 3 kW profile
            await(() -> cp.transactionId == 42 && cp.profile != null, field::step);
            field.step();
            assertThat(cp.powerW).isEqualTo(3_000);
            assertThat(field.powerW(5)).isEqualTo(3_000);
            assertThat(field.powerW(6)).isZero();
            assertThat(central.profileAnswer).isEqualTo("Accepted");
            JsonNode start = central.calls.stream()
                    .filter(f -> f.path(2).asText().equals("StartTransaction"))
                    .findFirst()
                    .orElseThrow();
            assertThat(start.path(3).path("timestamp").asText())
                    .isEqualTo(sim.instant().toString());

            // an hour of charging at 3 kW is 3 kWh on the register; meter values report it
            sim.advance(Duration.ofHours(1));
            field.step();
            assertThat(cp.registerWh).isCloseTo(3_000, offset(1.0));
            await(
                    () -> central.calls.stream()
                            .anyMatch(f -> f.path(2).asText().equals("MeterValues")
                                    && f.path(3).path("transactionId").asInt() == 42),
                    () -> {});

            // at departure the transaction stops with the register
            sim.advance(Duration.between(sim.instant(), car.departure()));
            await(
                    () -> central.calls.stream()
                            .anyMatch(f -> f.path(2).asText().equals("StopTransaction")),
                    field::step);
            assertThat(cp.transactionId).isEqualTo(-1);
            assertThat(cp.powerW).isZero();
        } finally {
            field.close();
            central.stop(1000);
        }
    }

    @Test
    void theProfilesLimitIsTheRatingWithoutOneAndNeverAboveItNorBelowZeroWithoutDischarge() {
        FieldConfig.EvCharger c = new FieldConfig.EvCharger("demo-cp02", 5, 7400, false, true, 480, 20000);
        EvChargePoints.ChargePoint cp =
                new EvChargePoints.ChargePoint(c, URI.create("ws://127.0.0.1:1/ocpp/x"), ZONE, null, null);
        Instant now = Instant.parse("2024-02-05T08:00:00Z");
        assertThat(cp.limitW(now)).isEqualTo(7_400);
        cp.profileStart = now.minusSeconds(100);
        cp.profile = new double[][] {{0, 20_000}, {60, -5_000}};
        // above the rating: the rating; below zero: 0 for a charger that cannot discharge
        assertThat(cp.limitW(now.minusSeconds(50))).isEqualTo(7_400);
        assertThat(cp.limitW(now)).isZero();
    }
}
