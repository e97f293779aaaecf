package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.Commandable;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.iec61850.Iec61850Address;
import io.gridhub.driver.iec61850.Iec61850Driver;
import io.gridhub.driver.iec61850.Iec61850Settings;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client driver against an IEC 61850 server that shares no code with it: {@code src/test/peer/mms_peer.py}, MMS
 * and the ISO layers below it written from the standards in Python's standard library (no Debian, npm or Maven
 * package offers an independent IEC 61850 server). Association, reads of data objects, an unbuffered report control
 * block (reserve, enable, GI, data-change reports), a direct control and select-before-operate.
 */
@Timeout(90)
class IndependentMmsServerInteropTest {
    private static final Path PEER = Path.of("src/test/peer");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RCB = "peerLD0/LLN0.urcbPeer";

    private final int port = Ports.free();
    private final List<Iec61850Connection> opened = new ArrayList<>();
    private PeerProcess peer;

    @BeforeEach
    void start() throws Exception {
        PeerProcess.requireOnPath("install Python 3 (Debian python3)", "python3");
        peer = new PeerProcess(List.of(
                        "python3",
                        PEER.resolve("mms_peer.py").toString(),
                        String.valueOf(port),
                        "80",
                        "--period",
                        "300"))
                .readyLine("listening", 30)
                .listensOn(port)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        opened.forEach(Iec61850Connection::close);
        if (peer != null) {
            peer.stop();
        }
    }

    private Iec61850Connection connect(Object... keyValues) throws ConnectionException {
        Map<String, Object> m = Settings.map(
                "host",
                "127.0.0.1",
                "port",
                port,
                "timeoutMillis",
                5000,
                "sclFile",
                PEER.resolve("peer.icd").toString());
        m.putAll(Settings.map(keyValues));
        Iec61850Connection c = (Iec61850Connection) new Iec61850Driver()
                .connect(Settings.of(Iec61850Settings.class, m), DeviceContext.of("mms-peer", Clock.systemUTC()));
        opened.add(c);
        return c;
    }

    private static Iec61850Address address(String text) throws Exception {
        return Iec61850Address.parse(text);
    }

    @Test
    void readsDataObjectsByPolling() throws Exception {
        Iec61850Connection c = connect();
        List<Reading> r = c.read(List.of(
                address("peerLD0/MMXU1.TotW.mag.f[MX]"),
                address("peerLD0/GGIO1.SPCSO1.stVal[ST]"),
                address("peerLD0/MMXU9.TotW.mag.f[MX]")));
        assertThat(r.get(0).quality()).isEqualTo(Quality.GOOD);
        assertThat(r.get(0).value()).isGreaterThanOrEqualTo(1000.0);
        assertThat(r.get(0).sourceTime()).isNotNull();
        assertThat(r.get(1).quality()).isEqualTo(Quality.GOOD);
        assertThat(r.get(1).value()).isZero();
        assertThat(r.get(2).quality().reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
    }

    @Test
    void reportsBringTheGeneralInterrogationAndDataChanges() throws Exception {
        Iec61850Connection c = connect("reports", RCB);
        assertThat(c.reportProblems()).isEmpty();
        // The GI report after enabling carries both members.
        Waits.until(WAIT, () -> c.reasonCounts().getOrDefault("gi", 0) >= 2, "a GI report of both members");
        List<Double> pushed = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub =
                c.subscribe(List.of(address("peerLD0/MMXU1.TotW.mag.f[MX]")), (a, r) -> pushed.add(r.value()))) {
            // First the GI report, which came before the subscription, then the data changes.
            Waits.until(WAIT, () -> pushed.size() >= 3, "the GI report and two data-change reports of TotW");
        }
        assertThat(pushed.get(2)).isGreaterThan(pushed.get(1));
        assertThat(c.reasonCounts().getOrDefault("dchg", 0)).isGreaterThanOrEqualTo(2);
        // Reads of report members answer from the reports, without a request.
        assertThat(c.read(List.of(address("peerLD0/MMXU1.TotW.mag.f[MX]")))
                        .get(0)
                        .value())
                .isGreaterThanOrEqualTo(pushed.get(1));
    }

    @Test
    void selectBeforeOperateSelectsThenOperatesAndAnOperateWithoutSelectionIsRefused() throws Exception {
        Iec61850Connection c = connect();
        assertThat(c.write(address("peerLD0/GGIO1.SPCSO2[CO]"), 1)).isEqualTo(Quality.GOOD);
        peer.awaitLine("oper SPCSO2 ctlVal=true", 20);
        List<String> lines = peer.output();
        assertThat(lines.indexOf("select SPCSO2")).isNotNegative().isLessThan(indexOf(lines, "oper SPCSO2"));

        Commandable.Selection s = c.select(address("peerLD0/GGIO1.SPCSO2[CO]"), 0);
        assertThat(s.quality()).isEqualTo(Quality.GOOD);
        assertThat(s.operate()).isEqualTo(Quality.GOOD);
        // The peer dropped the selection with the operate: a second one is refused, as a quality.
        Quality again = s.operate();
        assertThat(again.isGood()).isFalse();
        assertThat(peer.awaitLine("refused SPCSO2", 20)).isNotNull();
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aDirectControlIsExecutedAndItsEffectReported() throws Exception {
        Iec61850Connection c = connect("reports", RCB);
        List<Double> states = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub =
                c.subscribe(List.of(address("peerLD0/GGIO1.SPCSO1.stVal[ST]")), (a, r) -> states.add(r.value()))) {
            assertThat(c.write(address("peerLD0/GGIO1.SPCSO1[CO]"), 1)).isEqualTo(Quality.GOOD);
            assertThat(peer.awaitLine("oper SPCSO1 ctlVal=true", 20)).contains("orCat=3");
            Waits.until(WAIT, () -> states.contains(1.0), "the data-change report of SPCSO1.stVal");
            assertThat(c.write(address("peerLD0/GGIO1.SPCSO1[CO]"), 0)).isEqualTo(Quality.GOOD);
            assertThat(peer.awaitLine("oper SPCSO1 ctlVal=false", 20)).isNotNull();
            Waits.until(WAIT, () -> states.lastIndexOf(0.0) > states.indexOf(1.0), "SPCSO1.stVal back to false");
        }
    }
}
