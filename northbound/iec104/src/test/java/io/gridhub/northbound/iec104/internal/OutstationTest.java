package io.gridhub.northbound.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.audit.AuditRecord;
import io.gridhub.api.driver.Commandable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.testkit.Prerequisites;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ASduType;
import org.openmuc.j60870.CauseOfTransmission;
import org.openmuc.j60870.ClientConnectionBuilder;
import org.openmuc.j60870.ConnectionEventListener;
import org.openmuc.j60870.ie.IeQualifierOfInterrogation;
import org.openmuc.j60870.ie.IeQualifierOfSetPointCommand;
import org.openmuc.j60870.ie.IeScaledValue;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.InformationObject;

/** Our outstation against our client driver and against a plain j60870 client. */
@Timeout(60)
class OutstationTest {
    private static final Duration TEN_S = Duration.ofSeconds(10);
    static final PointId P = PointId.of("demo.bat.p");
    static final PointId SOC = PointId.of("demo.bat.soc");
    static final PointId ON = PointId.of("demo.bat.on");
    static final PointId MISSING = PointId.of("demo.bat.missing");
    static final PointId P_SET = PointId.of("demo.bat.p_set");
    static final PointId SBO_SET = PointId.of("demo.bat.mode");

    static IoaMap map() throws IOException {
        return IoaMap.parse(new ObjectMapper().readTree("""
                { "points": [
                  { "ioa": 1001, "point": "demo.bat.p", "type": "float", "deadband": 10 },
                  { "ioa": 1002, "point": "demo.bat.soc", "type": "scaled", "scale": 10 },
                  { "ioa": 1003, "point": "demo.bat.on", "type": "single" },
                  { "ioa": 1004, "point": "demo.bat.missing", "type": "normalized" },
                  { "ioa": 5001, "point": "demo.bat.p_set", "type": "float", "command": true },
                  { "ioa": 5002, "point": "demo.bat.mode", "type": "scaled", "command": true, "sbo": true } ] }
                """));
    }

    private Fixture fixture;
    private final List<Connection<Iec104Address>> clients = new CopyOnWriteArrayList<>();

    private Fixture start(Set<String> commanders) throws IOException {
        fixture = new Fixture(map(), Set.of("127.0.0.1"), commanders, 0, 12, 8);
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        fixture.latest.put(Sample.good(P, -2500.5, t));
        fixture.latest.put(new Sample(SOC, 55.5, Quality.questionable(Quality.Reason.SUBSTITUTED, "manual"), t, t));
        fixture.latest.put(Sample.good(ON, 1, t));
        return fixture;
    }

    private Connection<Iec104Address> client(Object... kv) throws ConnectionException {
        Connection<Iec104Address> c = fixture.client(kv);
        clients.add(c);
        return c;
    }

    @AfterEach
    void stop() {
        clients.forEach(Connection::close);
        if (fixture != null) {
            fixture.close();
        }
    }

    private static List<Iec104Address> ioas(String... a) throws Exception {
        List<Iec104Address> l = new ArrayList<>();
        for (String s : a) {
            l.add(Iec104Address.parse(s));
        }
        return l;
    }

    @Test
    void interrogationIsAnsweredFromLatestValues() throws Exception {
        start(Set.of());
        List<Reading> r = client().read(ioas("ioa:1001", "ioa:1002", "ioa:1003", "ioa:1004"));
        assertThat(r.get(0).value()).isEqualTo(-2500.5);
        assertThat(r.get(0).quality()).isEqualTo(Quality.GOOD);
        assertThat(r.get(1).value()).isEqualTo(555.0);
        assertThat(r.get(1).quality().reason()).isEqualTo(Quality.Reason.SUBSTITUTED);
        assertThat(r.get(2).value()).isEqualTo(1.0);
        // No value yet: invalid and not topical.
        assertThat(r.get(3).quality().status()).isEqualTo(Quality.Status.INVALID);
        assertThat(r.get(3).quality().detail()).isEqualTo("IV NT");
    }

    @Test
    void changesBeyondTheDeadbandAreSentSpontaneouslyWithTimeTags() throws Exception {
        start(Set.of());
        Connection<Iec104Address> c = client();
        c.read(ioas("ioa:1001"));
        Map<Integer, List<Reading>> got = new ConcurrentHashMap<>();
        // Only the time-tagged (spontaneous) readings: the client hands its first subscriber the read's
        // interrogation answer (no time tag) too.
        ((Subscribable<Iec104Address>) c).subscribe(ioas("ioa:1001", "ioa:1003"), (a, r) -> {
            if (r.sourceTime() != null) {
                got.computeIfAbsent(a.ioa(), k -> new CopyOnWriteArrayList<>()).add(r);
            }
        });
        Instant t0 = Instant.parse("2026-01-02T03:05:00Z");
        fixture.outstation.onSamples(List.of(Sample.good(P, 100, t0)));
        // Unsent changes of one IOA are coalesced to the newest: let the first one go out.
        Waits.until(TEN_S, () -> got.containsKey(1001), "the first spontaneous value");
        fixture.outstation.onSamples(List.of(Sample.good(P, 105, t0.plusSeconds(1)))); // within the deadband of 10
        fixture.outstation.onSamples(List.of(Sample.good(P, 120, t0.plusSeconds(2))));
        fixture.outstation.onSamples(List.of(Sample.good(ON, 0, t0.plusSeconds(3))));
        fixture.outstation.onSamples(List.of(Sample.good(PointId.of("demo.other"), 1, t0)));
        Waits.until(
                TEN_S,
                () -> got.getOrDefault(1001, List.of()).size() >= 2 && got.containsKey(1003),
                "the second value of ioa 1001 and one of 1003");
        Thread.sleep(200);
        assertThat(got.get(1001)).extracting(Reading::value).containsExactly(100.0, 120.0);
        assertThat(got.get(1001).get(1).sourceTime()).isEqualTo(t0.plusSeconds(2));
        assertThat(got.get(1003)).extracting(Reading::value).containsExactly(0.0);
        // A quality change is sent even without a value change.
        fixture.outstation.onSamples(List.of(new Sample(
                P,
                120,
                Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "lost"),
                t0.plusSeconds(4),
                t0.plusSeconds(4))));
        Waits.until(TEN_S, () -> got.get(1001).size() == 3, "the quality change");
        assertThat(got.get(1001).get(2).quality().status()).isEqualTo(Quality.Status.INVALID);
    }

    @Test
    void commandsFromAuthorizedMastersAreWrittenThroughThePointWriterAndAudited() throws Exception {
        start(Set.of("127.0.0.1"));
        Connection<Iec104Address> c = client();
        Writable<Iec104Address> w = (Writable<Iec104Address>) c;
        assertThat(w.write(Iec104Address.parse("ioa:5001:float"), 3000)).isEqualTo(Quality.GOOD);
        assertThat(fixture.setpoints)
                .extracting(Sample::point, Sample::value)
                .containsExactly(Tuple.tuple(P_SET, 3000.0));
        // Unknown IOA and wrong type are refused.
        assertThat(w.write(Iec104Address.parse("ioa:5999:float"), 1).isGood()).isFalse();
        assertThat(w.write(Iec104Address.parse("ioa:5001:scaled"), 1).isGood()).isFalse();
        // A select-before-operate point refuses a direct execute, and accepts select then operate.
        assertThat(w.write(Iec104Address.parse("ioa:5002:scaled"), 2).isGood()).isFalse();
        Commandable.Selection s = ((Commandable<Iec104Address>) c).select(Iec104Address.parse("ioa:5002:scaled"), 2);
        assertThat(s.quality()).isEqualTo(Quality.GOOD);
        assertThat(s.operate()).isEqualTo(Quality.GOOD);
        assertThat(fixture.setpoints).extracting(Sample::point).containsExactly(P_SET, SBO_SET);
        assertThat(fixture.audit).hasSize(8);
        assertThat(fixture.audit.get(0)).contains("127.0.0.1", "originator 0", "C_SE_NC_1", "ioa=5001", "requested");
        assertThat(fixture.audit.get(1))
                .contains(
                        "127.0.0.1",
                        "originator 0",
                        "C_SE_NC_1",
                        "ioa=5001",
                        "executed",
                        "demo.bat.p_set = 3000.0 written");
        assertThat(fixture.audit.get(2)).contains("refused, unknown ioa");
        assertThat(fixture.audit.get(3)).contains("refused, ioa 5001 takes float");
        assertThat(fixture.audit.get(4)).contains("refused, not selected before operate");
        assertThat(fixture.audit.get(5)).contains("selected");
        assertThat(fixture.audit.get(7)).contains("executed");
        // The same on the hub's audit trail, one entry per step, with the master as actor and the point as subject.
        assertThat(fixture.trail.records.stream().map(AuditRecord::outcome).toList())
                .containsExactly(
                        "requested", "executed", "refused", "refused", "refused", "selected", "requested", "executed");
        AuditRecord first = fixture.trail.records.get(1);
        assertThat(first.channel()).isEqualTo("iec104");
        assertThat(first.action()).isEqualTo("command");
        assertThat(first.actor()).isEqualTo("127.0.0.1 originator 0");
        assertThat(first.subject()).isEqualTo("demo.bat.p_set ioa 5001");
        assertThat(first.detail()).contains("C_SE_NC_1 value=3000.0 execute", "demo.bat.p_set = 3000.0 written");
        assertThat(fixture.trail.records.get(2).subject()).isEqualTo("ioa 5999");
    }

    @Test
    void aCommandWithTheTestBitIsNotExecutedAndIsAuditedAsRefused() throws Exception {
        start(Set.of("127.0.0.1"));
        List<ASdu> received = new CopyOnWriteArrayList<>();
        var c = plainClient(received);
        try {
            c.send(new ASdu(
                    ASduType.C_SE_NC_1,
                    false,
                    CauseOfTransmission.ACTIVATION,
                    true,
                    false,
                    7,
                    1,
                    new InformationObject(5001, new IeShortFloat(-1500f), new IeQualifierOfSetPointCommand(0, false))));
            // A select with the test bit selects nothing either.
            c.send(new ASdu(
                    ASduType.C_SE_NB_1,
                    false,
                    CauseOfTransmission.ACTIVATION,
                    true,
                    false,
                    7,
                    1,
                    new InformationObject(5002, new IeScaledValue(2), new IeQualifierOfSetPointCommand(0, true))));
            Waits.until(TEN_S, () -> received.size() >= 2, "ACT_CON and ACT_TERM");
        } finally {
            c.close();
        }
        assertThat(received).allSatisfy(a -> {
            assertThat(a.getCauseOfTransmission()).isEqualTo(CauseOfTransmission.ACTIVATION_CON);
            assertThat(a.isNegativeConfirm()).as("negative confirmation").isTrue();
            assertThat(a.isTestFrame()).as("the T bit mirrored").isTrue();
        });
        assertThat(fixture.setpoints).isEmpty();
        assertThat(fixture.trail.records.stream().map(AuditRecord::outcome).toList())
                .containsExactly("test-refused", "test-refused");
        assertThat(fixture.trail.records.get(0).actor()).isEqualTo("127.0.0.1 originator 7");
        assertThat(fixture.audit.get(0)).contains("test", "test-refused, test bit set, not executed");
        // The select with the test bit did not count: an execute without a real select is refused.
        Writable<Iec104Address> w = (Writable<Iec104Address>) client();
        assertThat(w.write(Iec104Address.parse("ioa:5002:scaled"), 2).isGood()).isFalse();
        assertThat(fixture.trail.records.stream().map(AuditRecord::outcome).toList())
                .last()
                .isEqualTo("refused");
    }

    @Test
    void aSelectTimesOutAndALaterExecuteNeedsAFreshSelect() throws Exception {
        start(Set.of("127.0.0.1"));
        Commandable<Iec104Address> c = (Commandable<Iec104Address>) client();
        Iec104Address mode = Iec104Address.parse("ioa:5002:scaled");
        Commandable.Selection s = c.select(mode, 2);
        assertThat(s.quality()).isEqualTo(Quality.GOOD);
        fixture.clock.advance(Duration.ofSeconds(11)); // the select holds 10 s
        assertThat(s.operate().isGood()).isFalse();
        assertThat(fixture.setpoints).isEmpty();
        assertThat(fixture.trail.records.stream().map(AuditRecord::outcome).toList())
                .containsExactly("selected", "select-timeout");
        assertThat(fixture.audit).last().asString().contains("select-timeout, select timed out");
        // The timed-out selection is gone: a fresh select within the time operates.
        Commandable.Selection again = c.select(mode, 2);
        fixture.clock.advance(Duration.ofSeconds(9));
        assertThat(again.operate()).isEqualTo(Quality.GOOD);
        assertThat(fixture.setpoints).extracting(Sample::point).containsExactly(SBO_SET);
    }

    @Test
    void withoutAnAuditTrailThatRecordsIt_noCommandIsExecuted() throws Exception {
        start(Set.of("127.0.0.1"));
        Commandable<Iec104Address> c = (Commandable<Iec104Address>) client();
        Writable<Iec104Address> w = (Writable<Iec104Address>) c;
        fixture.trail.refuse = true;
        assertThat(w.write(Iec104Address.parse("ioa:5001:float"), 100).isGood()).isFalse();
        assertThat(c.select(Iec104Address.parse("ioa:5002:scaled"), 2).quality().isGood())
                .isFalse();
        assertThat(fixture.audit)
                .last()
                .asString()
                .contains("the audit trail refused the entry: the trail refuses (test)");
        fixture.trail = null; // no trail at all
        assertThat(w.write(Iec104Address.parse("ioa:5001:float"), 100).isGood()).isFalse();
        assertThat(fixture.audit).last().asString().contains("(no audit trail runs)");
        assertThat(fixture.setpoints).isEmpty();
    }

    @Test
    void theOutstationListensOnLoopbackUnlessToldOtherwise() throws Exception {
        assertThat(Outstation.Config.builder().build().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(Outstation.Config.builder().listen("", 2404).build().bindAddress())
                .isEqualTo("127.0.0.1");
        fixture = new Fixture(map(), Set.of(), Set.of(), 0, 12, 8, null, "");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), fixture.port)) {
            assertThat(s.isConnected()).isTrue();
        }
        InetAddress other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && a instanceof Inet4Address)
                .findFirst()
                .orElse(null);
        Assumptions.assumeTrue(
                Prerequisites.ofTheMachine(
                        other != null, "a non-loopback IPv4 address", "a network interface that has one"),
                "no non-loopback IPv4 address on this host");
        Assertions.assertThatThrownBy(() -> new Socket(other, fixture.port).close())
                .isInstanceOf(ConnectException.class);
    }

    /** A plain j60870 client (its Connection written in full beside the SPI's). */
    private org.openmuc.j60870.Connection plainClient( // CHECKSTYLE IGNORE inlineQualifiedName
            List<ASdu> received) throws IOException {
        var c = new ClientConnectionBuilder(InetAddress.getLoopbackAddress())
                .setPort(fixture.port)
                .build();
        c.startDataTransfer(
                new ConnectionEventListener() {
                    @Override
                    public void newASdu(ASdu a) {
                        received.add(a);
                    }

                    @Override
                    public void connectionClosed(IOException e) {}

                    @Override
                    public void dataTransferStateChanged(boolean stopped) {}
                },
                5000);
        return c;
    }

    @Test
    void aWriteTheDeviceRefusesOrNeverAnswersIsANegativeActConAndAudited() throws Exception {
        start(Set.of("127.0.0.1"));
        Writable<Iec104Address> w = (Writable<Iec104Address>) client();
        fixture.writeAnswer = p -> CompletableFuture.completedFuture(
                Quality.invalid(Quality.Reason.NOT_CONNECTED, "device bat is not connected"));
        Quality refused = w.write(Iec104Address.parse("ioa:5001:float"), 3000);
        assertThat(refused.reason()).isEqualTo(Quality.Reason.DEVICE_FAILURE);
        assertThat(refused.detail()).contains("negative confirmation");
        assertThat(fixture.audit)
                .last()
                .asString()
                .contains(
                        "failed",
                        "demo.bat.p_set = 3000.0 not written",
                        "NOT_CONNECTED",
                        "device bat is not connected");

        fixture.writeAnswer = p -> new CompletableFuture<>(); // never completes: the 2 s write timeout answers
        assertThat(w.write(Iec104Address.parse("ioa:5001:float"), 10).reason())
                .isEqualTo(Quality.Reason.DEVICE_FAILURE);
        assertThat(fixture.audit).last().asString().contains("failed", "no answer from the device within 2000 ms");

        fixture.writeAnswer = null; // no driver host
        assertThat(w.write(Iec104Address.parse("ioa:5001:float"), 20).isGood()).isFalse();
        assertThat(fixture.audit).last().asString().contains("failed", "no driver host");
        assertThat(fixture.setpoints).extracting(Sample::value).containsExactly(3000.0, 10.0);
    }

    @Test
    void commandsFromOtherMastersAreRefusedAndAudited() throws Exception {
        start(Set.of("10.9.9.9"));
        Writable<Iec104Address> w = (Writable<Iec104Address>) client();
        Quality q = w.write(Iec104Address.parse("ioa:5001:float"), 3000);
        assertThat(q.status()).isEqualTo(Quality.Status.INVALID);
        assertThat(fixture.setpoints).isEmpty();
        assertThat(fixture.audit).singleElement().asString().contains("not authorized");
    }

    @Test
    void onlyAllowedMastersMayConnect() throws Exception {
        fixture = new Fixture(map(), Set.of("10.9.9.9"), Set.of(), 0, 12, 8);
        boolean refused;
        try {
            Connection<Iec104Address> c = client("timeoutMillis", 1000);
            c.read(ioas("ioa:1001"));
            c.read(ioas("ioa:1001"));
            refused = false;
        } catch (ConnectionException e) {
            refused = true;
        }
        assertThat(refused)
                .as("a master not in allowedMasters cannot talk to the outstation")
                .isTrue();
    }

    @Test
    void plainJ60870ClientInterrogatesAndCommands() throws Exception {
        start(Set.of("127.0.0.1"));
        List<ASdu> received = new CopyOnWriteArrayList<>();
        CountDownLatch term = new CountDownLatch(2);
        var c = new ClientConnectionBuilder(InetAddress.getLoopbackAddress())
                .setPort(fixture.port)
                .build();
        try {
            c.startDataTransfer(
                    new ConnectionEventListener() {
                        @Override
                        public void newASdu(ASdu a) {
                            received.add(a);
                            if (a.getCauseOfTransmission() == CauseOfTransmission.ACTIVATION_TERMINATION) {
                                term.countDown();
                            }
                        }

                        @Override
                        public void connectionClosed(IOException e) {}

                        @Override
                        public void dataTransferStateChanged(boolean stopped) {}
                    },
                    5000);
            c.interrogation(1, CauseOfTransmission.ACTIVATION, new IeQualifierOfInterrogation(20));
            c.setShortFloatCommand(
                    1,
                    CauseOfTransmission.ACTIVATION,
                    5001,
                    new IeShortFloat(-1500f),
                    new IeQualifierOfSetPointCommand(0, false));
            assertThat(term.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            c.close();
        }
        assertThat(received)
                .extracting(ASdu::getTypeIdentification)
                .contains(ASduType.M_ME_NC_1, ASduType.M_ME_NB_1, ASduType.M_SP_NA_1, ASduType.M_ME_NA_1);
        assertThat(received)
                .filteredOn(a -> a.getTypeIdentification() == ASduType.C_IC_NA_1)
                .extracting(ASdu::getCauseOfTransmission)
                .containsExactly(CauseOfTransmission.ACTIVATION_CON, CauseOfTransmission.ACTIVATION_TERMINATION);
        assertThat(fixture.setpoints).extracting(Sample::value).containsExactly(-1500.0);
    }
}
