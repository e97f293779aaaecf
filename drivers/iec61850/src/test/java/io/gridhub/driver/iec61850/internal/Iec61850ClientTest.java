package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beanit.openiec61850.BdaInt8;
import com.beanit.openiec61850.BdaInt8U;
import com.beanit.openiec61850.BdaOctetString;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.ModelNode;
import io.gridhub.api.driver.Browsable;
import io.gridhub.api.driver.Commandable;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.iec61850.Iec61850Address;
import io.gridhub.driver.iec61850.Iec61850Driver;
import io.gridhub.driver.iec61850.Iec61850Settings;
import io.gridhub.driver.testkit.TestDeviceContext;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client driver against the example IED on openiec61850's server side, on loopback. */
@Timeout(120)
class Iec61850ClientTest {
    private static final String LD = TestIed.LD;
    private final int port = Ports.free();
    private final TestIed ied = new TestIed(port);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final Iec61850Driver driver = new Iec61850Driver();
    private final List<Iec61850Connection> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        ied.start();
    }

    @AfterEach
    void stop() {
        opened.forEach(Iec61850Connection::close);
        ied.stop();
    }

    private Iec61850Connection connect(Object... keyValues) throws ConnectionException {
        Iec61850Connection c = (Iec61850Connection)
                driver.connect(settings(port, keyValues), DeviceContext.of("ied", Clock.systemUTC()));
        opened.add(c);
        return c;
    }

    /** Loopback, {@code port} and a short timeout, then {@code keyValues}. */
    private static Iec61850Settings settings(int port, Object... keyValues) {
        Map<String, Object> m = Settings.map("host", "127.0.0.1", "port", port, "timeoutMillis", 2000);
        m.putAll(Settings.map(keyValues));
        return Settings.of(Iec61850Settings.class, m);
    }

    private static Iec61850Address a(String text) throws Exception {
        return Iec61850Address.parse(text);
    }

    /** The connection exception a read throws, empty while reads answer. */
    private static Optional<ConnectionException> lossOnRead(Iec61850Connection c, Iec61850Address a) {
        try {
            c.read(List.of(a));
            return Optional.empty();
        } catch (ConnectionException e) {
            return Optional.of(e);
        }
    }

    @Test
    void pollsValuesWithQualityTimeAndUnitsFromTheRetrievedModel() throws Exception {
        Iec61850Connection c = connect();
        List<Reading> r = c.read(List.of(
                a(LD + "/MMXU1.TotW.mag.f[MX]"),
                a(LD + "/MMXU1.Hz[MX]"),
                a(LD + "/ZBAT1.SoC.mag.f[MX]"),
                a(LD + "/MMTR1.TotWh.actVal[ST]"),
                a(LD + "/ZBAT1.Vol.mag.f[MX]"),
                a(LD + "/MMXU1.PhV.phsA[MX]"),
                a(LD + "/MMXU9.TotW.mag.f[MX]"),
                a(LD + "/MMXU1.TotW.q[MX]")));
        assertThat(r.get(0).value()).isEqualTo(1234.5);
        assertThat(r.get(0).quality()).isEqualTo(Quality.GOOD);
        assertThat(r.get(0).sourceTime()).isEqualTo(Instant.ofEpochMilli(TestIed.T0));
        assertThat(r.get(1).value()).isEqualTo((double) 50.02f); // a data object reads its mag.f
        assertThat(r.get(2).value()).isEqualTo(77.5);
        assertThat(r.get(3).value()).isEqualTo(123_456_789.0);
        assertThat(r.get(3).sourceTime()).isEqualTo(Instant.ofEpochMilli(TestIed.T0));
        assertThat(r.get(4).value()).isEqualTo((double) 51.2f);
        assertThat(r.get(4).quality().status()).isEqualTo(Quality.Status.QUESTIONABLE);
        assertThat(r.get(4).quality().reason()).isEqualTo(Quality.Reason.OLD_DATA);
        assertThat(r.get(4).quality().detail()).contains("oldData");
        assertThat(r.get(5).value()).isEqualTo(231.5);
        assertThat(r.get(6).quality().reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
        assertThat(r.get(6).quality().detail()).contains("MMXU9").contains("not in the IED's model");
        assertThat(r.get(7).quality().reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
        assertThat(r.get(7).quality().detail()).contains("not a number");

        ied.setFloat(LD + "/MMXU1.TotW.mag.f", Fc.MX, -500f);
        assertThat(c.read(List.of(a(LD + "/MMXU1.TotW.mag.f[MX]"))).get(0).value())
                .isEqualTo(-500.0);

        List<Browsable.BrowseEntry<Iec61850Address>> entries = c.browse(1000);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.address().toString()).isEqualTo(LD + "/MMXU1.TotW.mag.f[MX]");
            assertThat(e.description())
                    .contains("logical node MMXU1")
                    .contains("FLOAT32")
                    .contains("unit W");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.address().toString()).isEqualTo(LD + "/DRCC1.OutWSet.setMag.f[SP]");
            assertThat(e.description()).contains("unit kW");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.address().toString()).isEqualTo(LD + "/CSWI1.Pos[CO]");
            assertThat(e.description()).contains("sbo-with-enhanced-security");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.address().toString()).isEqualTo(LD + "/MMTR1.TotWh.actVal[ST]");
            assertThat(e.description()).contains("INT64, unit Wh");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.address().toString()).isEqualTo(LD + "/LLN0.Beh.stVal[ST]");
            assertThat(e.description()).doesNotContain("unit");
        });
        assertThat(c.browse(3)).hasSize(3);
    }

    @Test
    void takesTheModelFromTheIcdFile() throws Exception {
        Path icd = Path.of(getClass().getResource("/pvbat.icd").toURI());
        Iec61850Connection c = connect("sclFile", icd.toString());
        assertThat(c.read(List.of(a(LD + "/MMXU1.TotW.mag.f[MX]"))).get(0).value())
                .isEqualTo(1234.5);
        assertThat(c.browse(1000)).anySatisfy(e -> assertThat(e.description()).contains("unit Hz"));

        assertThatThrownBy(() -> connect("sclFile", "/nonexistent/ied.icd"))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.isConfiguration()).isTrue())
                .hasMessageContaining("/nonexistent/ied.icd");
        assertThatThrownBy(() -> connect("sclFile", icd.toString(), "iedName", "other"))
                .hasMessageContaining("no IED named 'other'");
    }

    @Test
    void unbufferedReportPushesChangesAfterAGeneralInterrogation() throws Exception {
        Iec61850Connection c = connect("reports", TestIed.URCB);
        assertThat(c.reportProblems()).isEmpty();
        Waits.until(WAIT, () -> c.reasonCounts().getOrDefault("gi", 0) > 0, "the GI report");
        assertThat(ied.value(TestIed.URCB + ".Resv", Fc.RP)).isEqualTo("true");
        List<Double> pushed = new CopyOnWriteArrayList<>();
        Iec61850Address spcso = a(LD + "/GGIO1.SPCSO1.stVal[ST]");
        try (AutoCloseable sub = c.subscribe(List.of(spcso, a(LD + "/MMXU1.TotW.mag.f[MX]")), (addr, reading) -> {
            if (addr.equals(spcso)) {
                pushed.add(reading.value());
            } else {
                pushed.add(-1.0);
                assertThat(reading.quality().detail()).contains("no data set of an enabled report");
            }
        })) {
            ied.setBoolean(LD + "/GGIO1.SPCSO1.stVal", Fc.ST, true);
            Waits.until(WAIT, () -> pushed.contains(1.0), "the data change report");
        }
        assertThat(pushed)
                .as("the unreported channel refused, the GI report from before the subscription, the change")
                .containsExactly(-1.0, 0.0, 1.0);
        assertThat(c.reasonCounts().get("dchg")).isPositive();
        // Read from the report, not polled: the value is there without a request.
        assertThat(c.read(List.of(spcso)).get(0).value()).isEqualTo(1.0);
        assertThat(c.reportsReceived()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anAssociationTheIedDropsIsReportedToTheHostOnce() throws Exception {
        try (TestDeviceContext context = new TestDeviceContext("ied")) {
            Iec61850Connection c =
                    (Iec61850Connection) driver.connect(settings(port, "reports", TestIed.URCB), context);
            opened.add(c);
            assertThat(c.read(List.of(a(LD + "/MMXU1.TotW.mag.f[MX]")))).hasSize(1);

            ied.stop();
            assertThat(context.awaitLinkLost(Duration.ofSeconds(15)))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("connection to IED 127.0.0.1:" + port + " lost");
            assertThatThrownBy(() -> c.read(List.of(a(LD + "/MMXU1.TotW.mag.f[MX]"))))
                    .isInstanceOf(ConnectionException.class);
            c.close();
            assertThat(context.linkLosses()).hasSize(1);
        }
    }

    @Test
    void unknownReportControlBlockIsAConfigurationErrorNamingTheKnownOnes() {
        assertThatThrownBy(() -> connect("reports", LD + "/LLN0.nope"))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        e -> assertThat(e.isConfiguration()).isTrue())
                .hasMessageContaining("nope")
                .hasMessageContaining(TestIed.URCB);
    }

    @Test
    void bufferedReportResumesAfterTheServerRestartsWithNothingLost() throws Exception {
        List<Double> seen = new CopyOnWriteArrayList<>();
        Iec61850Address totW = a(LD + "/MMXU1.TotW.mag.f[MX]");
        Iec61850Connection c1 = connect("reports", TestIed.BRCB, "reportGi", false);
        assertThat(c1.reportProblems()).isEmpty();
        c1.subscribe(List.of(totW), (addr, r) -> seen.add(r.value()));
        for (int i = 1; i <= 3; i++) {
            ied.setFloat(LD + "/MMXU1.TotW.mag.f", Fc.MX, i);
            ied.brcb.addEntry();
        }
        Waits.until(WAIT, () -> seen.size() >= 3, "entries 1..3");
        // Edition 1 block (no ResvTms in this model): enabling it reserves it for the association.
        assertThat(ied.writes).contains(TestIed.BRCB + ".RptEna[BR]=true");

        // The IED goes away; while nobody is connected it buffers three more entries.
        ied.stop();
        ied.start();
        assertThat(Waits.value(Duration.ofSeconds(10), () -> lossOnRead(c1, totW), "a read to find the link lost"))
                .hasMessageContaining("lost");
        c1.close();
        for (int i = 4; i <= 6; i++) {
            ied.setFloat(LD + "/MMXU1.TotW.mag.f", Fc.MX, i);
            ied.brcb.addEntry();
        }
        // The host reconnects on the same driver: it writes the last entry id it got, then enables.
        Iec61850Connection c2 = connect("reports", TestIed.BRCB, "reportGi", false);
        c2.subscribe(List.of(totW), (addr, r) -> seen.add(r.value()));
        Waits.until(WAIT, () -> seen.size() >= 6, "entries 4..6");
        Thread.sleep(300); // nothing more, nothing twice
        assertThat(seen).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        assertThat(ied.writes)
                .anySatisfy(w ->
                        assertThat(w).startsWith(TestIed.BRCB + ".EntryID[BR]=").doesNotEndWith("=0000000000000000"));
        assertThat(c2.bufferedEntriesReceived()).isEqualTo(3);
        assertThat(c2.read(List.of(totW)).get(0).value()).isEqualTo(6.0);
    }

    @Test
    void controlsDirectAndSelectBeforeOperate() throws Exception {
        Iec61850Connection c = connect();
        Iec61850Address direct = a(LD + "/GGIO1.SPCSO1[CO]");
        assertThat(c.write(direct, 1)).isEqualTo(Quality.GOOD);
        assertThat(ied.writes).anySatisfy(w -> assertThat(w).isEqualTo(LD + "/GGIO1.SPCSO1.Oper.ctlVal[CO]=true"));
        Waits.until(WAIT, () -> "true".equals(ied.value(LD + "/GGIO1.SPCSO1.stVal", Fc.ST)), "the status to follow");

        Iec61850Address sbo = a(LD + "/GGIO1.SPCSO2[CO]");
        Commandable.Selection s = c.select(sbo, 1);
        assertThat(s.quality()).isEqualTo(Quality.GOOD);
        assertThat(s.operate()).isEqualTo(Quality.GOOD);
        Waits.until(WAIT, () -> "true".equals(ied.value(LD + "/GGIO1.SPCSO2.stVal", Fc.ST)), "the SBO status");
        // Another client cannot select the object while this association holds the selection…
        Iec61850Connection other = connect();
        Quality q = other.write(sbo, 0);
        assertThat(q.reason()).isEqualTo(Quality.Reason.DEVICE_FAILURE);
        assertThat(q.detail()).contains("refused the select");
        assertThat(ied.value(LD + "/GGIO1.SPCSO2.stVal", Fc.ST)).isEqualTo("true");
        // …and can once it is released (the association closes).
        c.close();
        Waits.until(
                WAIT,
                () -> {
                    try {
                        return other.write(sbo, 0).isGood();
                    } catch (ConnectionException e) {
                        throw new IllegalStateException(e);
                    }
                },
                "the other client's select and operate");
        Waits.until(WAIT, () -> "false".equals(ied.value(LD + "/GGIO1.SPCSO2.stVal", Fc.ST)), "the SBO status back");
        c = other;

        assertThat(c.write(direct, 5).reason()).isEqualTo(Quality.Reason.OUT_OF_RANGE);
        Iec61850Address status = a(LD + "/MMXU1.TotW[CO]");
        assertThat(c.write(status, 1).reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);

        // Enhanced security writes SBOw; openiec61850's server does not support it and refuses: a clear quality.
        Quality enhanced = c.write(a(LD + "/CSWI1.Pos[CO]"), 1);
        assertThat(enhanced.isGood()).isFalse();
        assertThat(enhanced.detail()).contains("sbo-with-enhanced-security");

        ied.refuseWrites = true;
        Quality refused = c.write(direct, 0);
        assertThat(refused.status()).isEqualTo(Quality.Status.INVALID);
        assertThat(refused.detail()).contains("operate");
    }

    @Test
    void eachCommandHasItsOwnControlNumberAndOrigin() throws Exception {
        Iec61850Connection c = connect("originator", "scada-7");
        Iec61850Address direct = a(LD + "/GGIO1.SPCSO1[CO]");
        assertThat(c.write(direct, 1)).isEqualTo(Quality.GOOD);
        assertThat(c.write(direct, 0)).isEqualTo(Quality.GOOD);
        // What was sent: the model node the Oper request was encoded from.
        ModelNode oper = c.model().findModelNode(LD + "/GGIO1.SPCSO1.Oper", Fc.CO);
        assertThat(((BdaInt8U) oper.getChild("ctlNum")).getValue()).isEqualTo((short) 2);
        assertThat(new String(((BdaOctetString) oper.getChild("origin").getChild("orIdent")).getValue()))
                .isEqualTo("scada-7");
        assertThat(((BdaInt8) oper.getChild("origin").getChild("orCat")).getValue())
                .isEqualTo((byte) 3);
    }

    @Test
    void writesSetpoints() throws Exception {
        Iec61850Connection c = connect();
        Iec61850Address set = a(LD + "/DRCC1.OutWSet.setMag.f[SP]");
        assertThat(c.write(set, 42.5)).isEqualTo(Quality.GOOD);
        assertThat(ied.writes).contains(LD + "/DRCC1.OutWSet.setMag.f[SP]=42.5");
        assertThat(c.read(List.of(set)).get(0).value()).isEqualTo(42.5);
    }

    @Test
    void serverKilledIsALostConnectionAndTheNextConnectWorksOnceItIsBack() throws Exception {
        Iec61850Connection c = connect();
        Iec61850Address totW = a(LD + "/MMXU1.TotW.mag.f[MX]");
        assertThat(c.read(List.of(totW)).get(0).quality().isGood()).isTrue();
        ied.stop();
        assertThat(Waits.value(Duration.ofSeconds(10), () -> lossOnRead(c, totW), "a read to find the link lost"))
                .hasMessageContaining("lost");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> connect())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("127.0.0.1:" + port);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        ied.start();
        assertThat(connect().read(List.of(totW)).get(0).value()).isEqualTo(1234.5);
        c.close();
        c.close();
        assertThatThrownBy(() -> c.read(List.of(totW))).hasMessageContaining("closed");
    }
}
