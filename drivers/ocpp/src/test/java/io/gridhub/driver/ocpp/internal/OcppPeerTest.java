package io.gridhub.driver.ocpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.ev.EvSession;
import io.gridhub.api.ev.EvSessionListener;
import io.gridhub.api.ev.ProfilePeriod;
import io.gridhub.api.ev.ProfileResult;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.ocpp.OcppAddress;
import io.gridhub.driver.ocpp.OcppDriver;
import io.gridhub.driver.ocpp.OcppSettings;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.driver.testkit.TestDeviceContext;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The central system against an independent charge point (ocpp-rpc in strict mode, in its own process). */
class OcppPeerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    // Bounds, not sleeps: node with ocpp-rpc compiling its schemas is slow on a loaded two-core machine.
    private static final int PEER_LINE_SECONDS = 60;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<EvSession> started = new CopyOnWriteArrayList<>();
    private final List<EvSession> changed = new CopyOnWriteArrayList<>();
    private CentralSystem system;
    private OcppServer server;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (server != null) {
            server.stop(1000);
        }
        if (system != null) {
            system.close();
        }
    }

    static OcppSettings cp(String id, Object... more) {
        List<Object> kv = new ArrayList<>(List.of("chargePointId", id, "assetId", "ev-" + id, "maxPowerW", 11000));
        kv.addAll(List.of(more));
        return Settings.of(OcppSettings.class, kv.toArray());
    }

    private String start(SSLContext tls) throws Exception {
        system = new CentralSystem(Clock.systemUTC(), Duration.ofSeconds(5), 300);
        system.configure(List.of(
                cp("peer-cp01", "allowNoAuth", true),
                cp("cp-secret", "password", "s3cret:with:colons"),
                cp("cp-v2g", "allowNoAuth", true, "canDischarge", true)));
        system.addListener(new EvSessionListener() {
            @Override
            public void sessionStarted(EvSession s) {
                started.add(s);
            }

            @Override
            public void sessionChanged(EvSession s) {
                changed.add(s);
            }
        });
        server = OcppServer.start(system, new OcppServer.Options("127.0.0.1", 0, "/ocpp", tls, 65536, 60));
        return (tls == null ? "ws" : "wss") + "://127.0.0.1:" + server.boundPort() + "/ocpp";
    }

    private PeerProcess peer(String url, String id, String scenario, String password, Path ca) throws Exception {
        PeerProcess p = Peers.chargePoint(url, id, scenario, password, ca);
        closing.add(p);
        return p;
    }

    @Test
    void bootIsAcceptedAndMeterValuesBecomeReadingsOfTheChargePointsDevice() throws Exception {
        String url = start(null);
        PeerProcess peer = peer(url, "peer-cp01", "session", null, null);
        assertThat(peer.awaitLine("BOOT", PEER_LINE_SECONDS)).isEqualTo("BOOT Accepted 300");
        assertThat(peer.awaitLine("AUTHORIZE", PEER_LINE_SECONDS)).isEqualTo("AUTHORIZE Accepted");
        String tx = peer.awaitLine("TX", PEER_LINE_SECONDS).split(" ")[1];
        peer.awaitLine("METER", PEER_LINE_SECONDS);

        TestDeviceContext ctx = new TestDeviceContext("peer-cp01");
        closing.add(ctx);
        Connection<OcppAddress> c = new OcppDriver(system).connect(cp("peer-cp01", "allowNoAuth", true), ctx);
        closing.add(c);
        List<OcppAddress> channels = new ArrayList<>();
        for (String a : List.of(
                "1:Power.Active.Import",
                "1:Energy.Active.Import.Register",
                "1:SoC",
                "1:Voltage:L1",
                "1:status",
                "1:session",
                "1:Current.Offered")) {
            channels.add(OcppAddress.parse(a));
        }
        List<Reading> r = c.read(channels);
        assertThat(r.get(0).value()).isEqualTo(7400);
        // The peer sends kWh: the reading is in Wh, from the 1000 Wh the transaction started at.
        assertThat(r.get(1).value()).isGreaterThan(1000).isLessThan(1100);
        assertThat(r.get(2).value()).isBetween(40.0, 100.0);
        assertThat(r.get(3).value()).isEqualTo(230.5);
        assertThat(r.get(4).value()).isEqualTo(OcppAddress.STATUSES.indexOf("Charging"));
        assertThat(r.get(5).value()).isEqualTo(1);
        assertThat(r.get(6).quality().isGood()).as("never sent").isFalse();
        assertThat(r.get(0).sourceTime()).isNotNull();

        EvSession s = Waits.value(PATIENCE, () -> system.session("peer-cp01-" + tx), "the session");
        assertThat(s.state()).isEqualTo(EvSession.State.ACTIVE);
        assertThat(s.assetId()).isEqualTo("ev-peer-cp01");
        assertThat(s.departureSource()).isEqualTo(EvSession.Origin.DEFAULT);
        Waits.until(PATIENCE, () -> system.session(s.id()).orElseThrow().energyDeliveredWh() > 0, "energy counted");
        assertThat(system.session(s.id()).orElseThrow().powerW()).isEqualTo(7400);
        Waits.until(PATIENCE, () -> started.size() == 1, "a started event");
        assertThat(started.get(0).id()).isEqualTo(s.id());
        assertThat(system.chargePoints())
                .filteredOn(p -> p.id().equals("peer-cp01"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.connected()).isTrue();
                    assertThat(p.booted()).isTrue();
                    assertThat(p.vendor()).isEqualTo("PeerVendor");
                    assertThat(p.connectors()).containsEntry(1, "Charging");
                });
    }

    @Test
    void aProfileSentThroughTheApiArrivesAsSetChargingProfileWithTheLimitOfEachPeriod() throws Exception {
        String url = start(null);
        PeerProcess peer = peer(url, "peer-cp01", "session", null, null);
        int tx = Integer.parseInt(peer.awaitLine("TX", PEER_LINE_SECONDS).split(" ")[1]);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ProfileResult r = system.applyProfile(
                        "peer-cp01",
                        1,
                        List.of(
                                new ProfilePeriod(t0, 3000),
                                new ProfilePeriod(t0.plusSeconds(900), 5000.04),
                                new ProfilePeriod(t0.plusSeconds(1800), 0)))
                .get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ProfileResult.Status.ACCEPTED);
        assertThat(peer.awaitLine("PROFILE", PEER_LINE_SECONDS))
                .isEqualTo("PROFILE 1 TxProfile " + tx + " W [{\"startPeriod\":0,\"limit\":3000},"
                        + "{\"startPeriod\":900,\"limit\":5000},{\"startPeriod\":1800,\"limit\":0}]");
        // The peer obeys: it charges at the first period's limit.
        peer.awaitLine("METER", PEER_LINE_SECONDS);
        Waits.until(PATIENCE, () -> peer.output().stream().anyMatch(l -> l.endsWith(" 3000")), "charging at 3 kW");

        // A negative limit is refused for a charger that cannot discharge, without sending anything.
        ProfileResult v2g = system.applyProfile("peer-cp01", 1, List.of(new ProfilePeriod(t0, -2000)))
                .get(10, TimeUnit.SECONDS);
        assertThat(v2g.status()).isEqualTo(ProfileResult.Status.REJECTED);

        // The device's limit point goes the same way.
        TestDeviceContext ctx = new TestDeviceContext("peer-cp01");
        closing.add(ctx);
        var c = new OcppDriver(system).connect(cp("peer-cp01", "allowNoAuth", true), ctx);
        closing.add(c);
        assertThat(((Writable<OcppAddress>) c).write(OcppAddress.parse("1:limit"), 2000))
                .isEqualTo(Quality.GOOD);
        Waits.until(
                PATIENCE,
                () -> peer.output().stream().anyMatch(l -> l.endsWith("[{\"startPeriod\":0,\"limit\":2000}]")),
                "the written limit as a profile");

        // The other calls of the central system, each validated by the peer's strict mode.
        JsonNode conf =
                system.call("peer-cp01", "GetConfiguration", getConfiguration()).get(10, TimeUnit.SECONDS);
        assertThat(conf.path("configurationKey").get(0).path("key").asText()).isEqualTo("HeartbeatInterval");
        assertThat(system.call(
                                "peer-cp01",
                                "ChangeConfiguration",
                                Frame.JSON
                                        .createObjectNode()
                                        .put("key", "MeterValueSampleInterval")
                                        .put("value", "10"))
                        .get(10, TimeUnit.SECONDS)
                        .path("status")
                        .asText())
                .isEqualTo("Accepted");
        peer.awaitLine("CHANGECONFIG MeterValueSampleInterval=10", PEER_LINE_SECONDS);
        system.call(
                        "peer-cp01",
                        "ChangeAvailability",
                        Frame.JSON.createObjectNode().put("connectorId", 1).put("type", "Operative"))
                .get(10, TimeUnit.SECONDS);
        peer.awaitLine("AVAILABILITY 1 Operative", PEER_LINE_SECONDS);
        assertThat(system.clearProfiles("peer-cp01", 1)
                        .get(10, TimeUnit.SECONDS)
                        .accepted())
                .isTrue();
        peer.awaitLine("CLEAR", PEER_LINE_SECONDS);
        system.call(
                        "peer-cp01",
                        "RemoteStopTransaction",
                        Frame.JSON.createObjectNode().put("transactionId", tx))
                .get(10, TimeUnit.SECONDS);
        peer.awaitLine("STOPPED " + tx, PEER_LINE_SECONDS);
        Waits.until(
                PATIENCE,
                () -> system.session("peer-cp01-" + tx).orElseThrow().state() == EvSession.State.ENDED,
                "the session ended");
        system.call(
                        "peer-cp01",
                        "RemoteStartTransaction",
                        Frame.JSON.createObjectNode().put("connectorId", 1).put("idTag", "APP"))
                .get(10, TimeUnit.SECONDS);
        peer.awaitLine("REMOTESTART APP", PEER_LINE_SECONDS);

        // Without a transaction, the connector gets a default profile.
        assertThat(system.applyProfile("peer-cp01", 1, List.of(new ProfilePeriod(t0, 6000)))
                        .get(10, TimeUnit.SECONDS)
                        .accepted())
                .isTrue();
        Waits.until(
                PATIENCE,
                () -> peer.output().stream().anyMatch(l -> l.startsWith("PROFILE 1 TxDefaultProfile 0 W")),
                "a TxDefaultProfile");
        assertThat(peer.output()).noneMatch(l -> l.startsWith("UNEXPECTED") || l.startsWith("FAILED"));
    }

    private static ObjectNode getConfiguration() {
        var req = Frame.JSON.createObjectNode();
        req.putArray("key").add("HeartbeatInterval");
        return req;
    }

    @Test
    void aChargerGoingOfflineMarksItsSessionAndDeviceOfflineWithoutCrashing() throws Exception {
        String url = start(null);
        PeerProcess peer = peer(url, "peer-cp01", "session", null, null);
        String tx = peer.awaitLine("TX", PEER_LINE_SECONDS).split(" ")[1];
        peer.awaitLine("METER", PEER_LINE_SECONDS);
        TestDeviceContext ctx = new TestDeviceContext("peer-cp01");
        closing.add(ctx);
        OcppDriver driver = new OcppDriver(system);
        Connection<OcppAddress> c = driver.connect(cp("peer-cp01", "allowNoAuth", true), ctx);
        closing.add(c);

        peer.stop();
        assertThat(ctx.awaitLinkLost(PATIENCE)).hasMessageContaining("peer-cp01");
        Waits.until(
                PATIENCE,
                () -> system.session("peer-cp01-" + tx).orElseThrow().state() == EvSession.State.OFFLINE,
                "the session offline");
        Waits.until(PATIENCE, () -> changed.stream().anyMatch(s -> s.state() == EvSession.State.OFFLINE), "an event");
        assertThat(system.session("peer-cp01-" + tx).orElseThrow().toEvParameters(Instant.now()))
                .as("no constraint for an offline session")
                .isNull();
        assertThatThrownBy(() -> c.read(List.of(OcppAddress.parse("1:Power.Active.Import"))))
                .isInstanceOf(ConnectionException.class);
        assertThatThrownBy(() -> driver.connect(cp("peer-cp01"), new TestDeviceContext("again")))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("not connected");
        assertThat(system.applyProfile("peer-cp01", 1, List.of(new ProfilePeriod(Instant.now(), 1000)))
                        .get(10, TimeUnit.SECONDS)
                        .status())
                .isEqualTo(ProfileResult.Status.OFFLINE);
        assertThat(system.chargePoints())
                .filteredOn(p -> p.id().equals("peer-cp01"))
                .allMatch(p -> !p.connected());

        // Back: the open session is active again, and the device connects.
        PeerProcess again = peer(url, "peer-cp01", "connect", null, null);
        again.awaitLine("BOOT Accepted", PEER_LINE_SECONDS);
        Waits.until(
                PATIENCE,
                () -> system.session("peer-cp01-" + tx).orElseThrow().state() == EvSession.State.ACTIVE,
                "the session active again");
        Connection<OcppAddress> back = driver.connect(cp("peer-cp01"), new TestDeviceContext("back"));
        closing.add(back);
        assertThat(back.read(List.of(OcppAddress.parse("1:session"))).get(0).value())
                .isEqualTo(1);
    }

    @Test
    void malformedAndSchemaInvalidFramesGetACallErrorWithTheRightCodeAndTheConnectionStaysUsable() throws Exception {
        String url = start(null);
        PeerProcess peer = peer(url, "peer-cp01", "frames", null, null);
        peer.awaitLine("HEARTBEAT", PEER_LINE_SECONDS);
        assertThat(peer.output())
                .contains(
                        "ERROR bad-json FormationViolation",
                        "ERROR not-array FormationViolation",
                        "ERROR no-action FormationViolation",
                        "ERROR unknown NotImplemented",
                        "ERROR missing OccurenceConstraintViolation",
                        "ERROR type TypeConstraintViolation",
                        "ERROR enum PropertyConstraintViolation",
                        "ERROR too-long PropertyConstraintViolation",
                        "ERROR extra FormationViolation",
                        "ERROR bad-type FormationViolation",
                        "HEARTBEAT ok");
        assertThat(system.chargePoints())
                .filteredOn(p -> p.id().equals("peer-cp01"))
                .singleElement()
                .satisfies(p -> assertThat(p.connected()).isTrue());
    }

    @Test
    void basicAuthRefusesAWrongPasswordNoCredentialsAndUnknownIdentities() throws Exception {
        String url = start(null);
        // Java-WebSocket answers a refused upgrade with HTTP 404 ("WebSocket Upgrade Failure").
        assertThat(peer(url, "cp-secret", "connect", "wrong", null).awaitLine("REFUSED", PEER_LINE_SECONDS))
                .contains("Upgrade Failure");
        assertThat(peer(url, "cp-secret", "connect", null, null).awaitLine("REFUSED", PEER_LINE_SECONDS))
                .isNotEmpty();
        assertThat(peer(url, "cp-stranger", "connect", null, null).awaitLine("REFUSED", PEER_LINE_SECONDS))
                .isNotEmpty();
        assertThat(system.unknownChargePoints()).singleElement().satisfies(u -> {
            assertThat(u.id()).isEqualTo("cp-stranger");
            assertThat(u.address()).isEqualTo("127.0.0.1");
        });
        assertThat(peer(url, "cp-secret", "connect", "s3cret:with:colons", null).awaitLine("BOOT", PEER_LINE_SECONDS))
                .isEqualTo("BOOT Accepted 300");
    }

    @Test
    void aSecondConnectionOfTheSameChargePointReplacesTheFirstAndGuestsNeedNoDevice() throws Exception {
        String url = start(null);
        system.configure(List.copyOf(CentralSystemComponent.guests(new String[] {"peer-cp01", " ", "guest-cp"})));
        PeerProcess first = peer(url, "peer-cp01", "connect", null, null);
        first.awaitLine("BOOT Accepted", PEER_LINE_SECONDS);
        PeerProcess second = peer(url, "peer-cp01", "connect", null, null);
        second.awaitLine("BOOT Accepted", PEER_LINE_SECONDS);
        assertThat(first.awaitLine("CLOSED", PEER_LINE_SECONDS)).isEqualTo("CLOSED 1008");
        assertThat(peer(url, "guest-cp", "connect", null, null).awaitLine("BOOT", PEER_LINE_SECONDS))
                .isEqualTo("BOOT Accepted 300");
        assertThat(system.chargePoints())
                .extracting(p -> p.id() + " " + p.connected())
                .containsExactly("guest-cp true", "peer-cp01 true");
        // Configured no more: refused from then on, and its link is closed.
        system.configure(List.of(cp("peer-cp01", "allowNoAuth", true)));
        assertThat(peer(url, "guest-cp", "connect", null, null).awaitLine("REFUSED", PEER_LINE_SECONDS))
                .isNotEmpty();
    }

    @Test
    void tlsWithBasicAuthIsSecurityProfileTwo(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("hub.p12");
        Path pem = dir.resolve("hub.pem");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        assertThat(PeerProcess.run(List.of(
                        keytool,
                        "-genkeypair",
                        "-keystore",
                        ks.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit",
                        "-alias",
                        "hub",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2")))
                .isZero();
        assertThat(PeerProcess.run(List.of(
                        keytool,
                        "-exportcert",
                        "-rfc",
                        "-keystore",
                        ks.toString(),
                        "-storepass",
                        "changeit",
                        "-alias",
                        "hub",
                        "-file",
                        pem.toString())))
                .isZero();
        assertThat(Files.size(pem)).isPositive();
        String url = start(CentralSystemComponent.tls(ks, "PKCS12", "changeit"));
        assertThat(peer(url, "cp-secret", "connect", "s3cret:with:colons", pem).awaitLine("BOOT", PEER_LINE_SECONDS))
                .isEqualTo("BOOT Accepted 300");
        // A plain client on the TLS port does not get in.
        assertThat(peer(url.replace("wss:", "ws:"), "cp-secret", "connect", "s3cret:with:colons", null)
                        .awaitLine("REFUSED", PEER_LINE_SECONDS))
                .isNotEmpty();
    }
}
