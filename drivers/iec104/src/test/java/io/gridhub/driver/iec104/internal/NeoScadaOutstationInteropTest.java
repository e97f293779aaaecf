package io.gridhub.driver.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.driver.iec104.Iec104Driver;
import io.gridhub.driver.iec104.Iec104Settings;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.neoscada.protocol.iec60870.ProtocolOptions;
import org.eclipse.neoscada.protocol.iec60870.asdu.ASDUHeader;
import org.eclipse.neoscada.protocol.iec60870.asdu.types.ASDUAddress;
import org.eclipse.neoscada.protocol.iec60870.asdu.types.InformationObjectAddress;
import org.eclipse.neoscada.protocol.iec60870.asdu.types.Value;
import org.eclipse.neoscada.protocol.iec60870.io.MirrorCommand;
import org.eclipse.neoscada.protocol.iec60870.server.Server;
import org.eclipse.neoscada.protocol.iec60870.server.data.DataModule;
import org.eclipse.neoscada.protocol.iec60870.server.data.DataModuleOptions;
import org.eclipse.neoscada.protocol.iec60870.server.data.model.BackgroundModel;
import org.eclipse.neoscada.protocol.iec60870.server.data.model.ChangeDataModel;
import org.eclipse.neoscada.protocol.iec60870.server.data.model.ChangeModel;
import org.eclipse.neoscada.protocol.iec60870.server.data.model.WriteModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client driver against an independent outstation: Eclipse NeoSCADA's IEC 60870-5-104 server (its own APCI, ASDU
 * codec and data module on Netty; Maven Central), not j60870. Interrogation, spontaneous data, and commands that the
 * outstation confirms with and without ACT_TERM.
 */
@Timeout(60)
class NeoScadaOutstationInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ASDUAddress CA = ASDUAddress.valueOf(1);

    private final int port = Ports.free();
    private final Outstation outstation = new Outstation();
    private final List<Iec104Connection> opened = new ArrayList<>();
    private Server server;

    @BeforeEach
    void start() {
        outstation.start();
        outstation.set(1001, Value.ok(230.5f));
        outstation.set(1002, Value.TRUE());
        server = new Server(
                new InetSocketAddress("127.0.0.1", port),
                new ProtocolOptions.Builder().build(),
                List.of(new DataModule(new DataModuleOptions.Builder().build(), outstation)));
        // Netty binds on its own thread: connect once it listens.
        Waits.until(WAIT, () -> accepts(port), "NeoSCADA listening on " + port);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void stop() throws Exception {
        opened.forEach(Iec104Connection::close);
        server.close();
        outstation.stop();
    }

    private Iec104Connection connect(Object... keyValues) throws ConnectionException {
        Map<String, Object> m = Settings.map("host", "127.0.0.1", "port", port, "timeoutMillis", 3000);
        m.putAll(Settings.map(keyValues));
        Iec104Connection c = (Iec104Connection) new Iec104Driver()
                .connect(Settings.of(Iec104Settings.class, m), DeviceContext.of("neoscada", Clock.systemUTC()));
        opened.add(c);
        return c;
    }

    @Test
    void readsTheGeneralInterrogation() throws Exception {
        Iec104Connection c = connect("timeoutMillis", 15000);
        long t0 = System.nanoTime();
        List<Reading> r = c.read(Iec104ClientTest.addresses(1001, 1002, 4711));
        // NeoSCADA ignores the counter interrogation: the first read does not wait timeoutMillis for it.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(r.subList(0, 2)).extracting(Reading::value).containsExactly(230.5, 1.0);
        assertThat(r.subList(0, 2)).allSatisfy(x -> assertThat(x.quality()).isEqualTo(Quality.GOOD));
        assertThat(r.get(2).quality().reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
    }

    @Test
    void spontaneousDataIsPushed() throws Exception {
        Iec104Connection c = connect();
        c.read(Iec104ClientTest.addresses(1001));
        Map<Integer, List<Double>> pushed = new ConcurrentHashMap<>();
        try (AutoCloseable sub = c.subscribe(
                Iec104ClientTest.addresses(1001, 1002, 1003),
                (a, r) -> pushed.computeIfAbsent(a.ioa(), k -> new CopyOnWriteArrayList<>())
                        .add(r.value()))) {
            outstation.change(1001, Value.ok(231.25f));
            outstation.change(1002, Value.FALSE());
            // NeoSCADA leaves scaled values out of its interrogation answer (a FIXME in its data model): spontaneous
            // only.
            outstation.change(1003, Value.ok((short) -1234));
            Waits.until(WAIT, () -> pushed.getOrDefault(1001, List.of()).contains(231.25), "spontaneous M_ME_NC");
            Waits.until(WAIT, () -> pushed.getOrDefault(1002, List.of()).contains(0.0), "spontaneous M_SP");
            Waits.until(WAIT, () -> pushed.getOrDefault(1003, List.of()).contains(-1234.0), "spontaneous M_ME_NB");
        }
        assertThat(c.read(Iec104ClientTest.addresses(1001, 1002, 1003)))
                .extracting(Reading::value)
                .containsExactly(231.25, 0.0, -1234.0);
    }

    @Test
    void commandsConfirmedWithoutTerminationAreGood() throws Exception {
        outstation.terminate = false;
        Iec104Connection c = connect();
        assertThat(c.write(Iec104Address.parse("ioa:5001:float"), 42.5)).isEqualTo(Quality.GOOD);
        assertThat(c.write(Iec104Address.parse("ioa:5002:single"), 1)).isEqualTo(Quality.GOOD);
        assertThat(c.write(Iec104Address.parse("ioa:5003:scaled"), -300)).isEqualTo(Quality.GOOD);
        assertThat(outstation.executed).containsExactly("5001=42.5", "5002=true", "5003=-300");

        // Configured to expect ACT_TERM from an outstation that never sends it: confirmed, but questionable.
        Iec104Connection strict = connect("waitForTermination", true, "terminationTimeoutMillis", 500);
        Quality q = strict.write(Iec104Address.parse("ioa:5001:float"), 43);
        assertThat(q.status()).isEqualTo(Quality.Status.QUESTIONABLE);
        assertThat(q.detail()).contains("no ACT_TERM within 500 ms");
    }

    @Test
    void commandsTerminatedByTheOutstationAreGoodWhenTerminationIsExpected() throws Exception {
        outstation.terminate = true;
        Iec104Connection c = connect("waitForTermination", true);
        assertThat(c.write(Iec104Address.parse("ioa:5001:float"), 12.25)).isEqualTo(Quality.GOOD);
        assertThat(c.write(Iec104Address.parse("ioa:5002:single"), 0)).isEqualTo(Quality.GOOD);
        // Not expecting it, the late ACT_TERM of one command does not answer the next one.
        Iec104Connection lax = connect();
        for (int i = 0; i < 5; i++) {
            assertThat(lax.write(Iec104Address.parse("ioa:5001:float"), i)).isEqualTo(Quality.GOOD);
        }
        assertThat(outstation.executed).hasSize(7).endsWith("5001=4.0");
    }

    @Test
    void selectBeforeOperate() throws Exception {
        outstation.terminate = true;
        Iec104Connection c = connect("selectBeforeOperate", true, "waitForTermination", true, "operateDelayMillis", 50);
        assertThat(c.write(Iec104Address.parse("ioa:5002:single"), 1)).isEqualTo(Quality.GOOD);
        assertThat(outstation.selected).containsExactly("5002=true");
        assertThat(outstation.executed).containsExactly("5002=true");
    }

    /**
     * NeoSCADA's change data model (interrogation, spontaneous changes) with commands answered here: ACT_CON, then
     * ACT_TERM only when {@link #terminate} is set.
     */
    private static final class Outstation extends ChangeDataModel {
        final List<String> executed = new CopyOnWriteArrayList<>();
        final List<String> selected = new CopyOnWriteArrayList<>();
        volatile boolean terminate;

        Outstation() {
            super("gridhub-interop");
        }

        void set(int ioa, Value<?> value) {
            notifyDataChange(CA, InformationObjectAddress.valueOf(ioa), value, false);
        }

        void change(int ioa, Value<?> value) {
            notifyDataChange(CA, InformationObjectAddress.valueOf(ioa), value, true);
        }

        @Override
        protected ChangeModel createChangeModel() {
            return makeInstantChangeModel();
        }

        @Override
        protected WriteModel createWriteModel() {
            return null;
        }

        @Override
        protected BackgroundModel createBackgroundModel() {
            return makeDefaultBackgroundModel();
        }

        private void command(InformationObjectAddress ioa, Object value, MirrorCommand mirror, boolean execute) {
            (execute ? executed : selected).add(ioa.getAddress() + "=" + value);
            mirror.sendActivationConfirm(true);
            if (execute && terminate) {
                mirror.sendActivationTermination();
            }
        }

        @Override
        public void writeCommand(
                ASDUHeader header,
                InformationObjectAddress ioa,
                boolean state,
                byte type,
                MirrorCommand mirror,
                boolean execute) {
            command(ioa, state, mirror, execute);
        }

        @Override
        public void writeFloatValue(
                ASDUHeader header,
                InformationObjectAddress ioa,
                float value,
                byte type,
                MirrorCommand mirror,
                boolean execute) {
            command(ioa, value, mirror, execute);
        }

        @Override
        public void writeScaledValue(
                ASDUHeader header,
                InformationObjectAddress ioa,
                short value,
                byte type,
                MirrorCommand mirror,
                boolean execute) {
            command(ioa, value, mirror, execute);
        }
    }
}
