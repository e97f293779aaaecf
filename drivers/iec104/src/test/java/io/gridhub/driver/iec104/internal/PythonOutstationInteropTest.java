package io.gridhub.driver.iec104.internal;

import static io.gridhub.driver.iec104.internal.Iec104ClientTest.addresses;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.Commandable;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.driver.iec104.Iec104Driver;
import io.gridhub.driver.iec104.Iec104Settings;
import io.gridhub.driver.testkit.PeerProcess;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client driver against a second independent outstation, in another language: {@code src/test/peer/
 * iec104_outstation.py}, APCI and ASDU coding written from IEC 60870-5-101/-104 with Python's standard library.
 * Station and counter interrogation (every monitored type the driver decodes, a CP56 time tag, an invalid value),
 * spontaneous data, commands with and without ACT_TERM, a refusal, and select-before-operate.
 */
@Timeout(90)
class PythonOutstationInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final int port = Ports.free();
    private final List<Iec104Connection> opened = new ArrayList<>();
    private PeerProcess peer;

    @BeforeEach
    void start() throws Exception {
        PeerProcess.requireOnPath("install Python 3 (Debian python3)", "python3");
        peer = new PeerProcess(List.of(
                        "python3",
                        Path.of("src/test/peer/iec104_outstation.py").toString(),
                        String.valueOf(port),
                        "80",
                        "--period",
                        "200"))
                .readyLine("listening", 30)
                .listensOn(port)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        opened.forEach(Iec104Connection::close);
        if (peer != null) {
            peer.stop();
        }
    }

    private Iec104Connection connect(Object... keyValues) throws ConnectionException {
        Map<String, Object> m = Settings.map("host", "127.0.0.1", "port", port, "timeoutMillis", 5000);
        m.putAll(Settings.map(keyValues));
        Iec104Connection c = (Iec104Connection) new Iec104Driver()
                .connect(Settings.of(Iec104Settings.class, m), DeviceContext.of("py-rtu", Clock.systemUTC()));
        opened.add(c);
        return c;
    }

    @Test
    void readsTheStationAndCounterInterrogation() throws Exception {
        Iec104Connection c = connect();
        List<Reading> r = c.read(addresses(1001, 1002, 1003, 1004, 1005, 2001, 1006));
        assertThat(r.subList(0, 6)).extracting(Reading::value).containsExactly(1.0, 2.0, 0.5, -1234.0, 230.5, 123456.0);
        assertThat(r.subList(0, 6)).allSatisfy(x -> assertThat(x.quality()).isEqualTo(Quality.GOOD));
        assertThat(r.get(1).sourceTime()).isEqualTo(Instant.parse("2024-03-01T12:34:56.789Z"));
        assertThat(r.get(6).quality().status()).isEqualTo(Quality.Status.INVALID);
    }

    @Test
    void spontaneousDataIsPushed() throws Exception {
        Iec104Connection c = connect();
        c.read(addresses(1005));
        List<Double> pushed = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = c.subscribe(addresses(1005), (a, r) -> pushed.add(r.value()))) {
            Waits.until(WAIT, () -> pushed.size() >= 2, "two spontaneous M_ME_NC of 1005");
        }
        assertThat(pushed.get(1)).isGreaterThan(pushed.get(0)).isGreaterThan(230.5);
    }

    @Test
    void commandsWithAndWithoutTermination() throws Exception {
        Iec104Connection c = connect();
        // Never terminated (5xxx), confirmed: success.
        assertThat(c.write(Iec104Address.parse("ioa:5001:float"), 42.5)).isEqualTo(Quality.GOOD);
        assertThat(peer.awaitLine("command C_SE_NC_1 ioa=5001 value=42.5 select=false term=false", 20))
                .isNotNull();
        assertThat(c.write(Iec104Address.parse("ioa:5002:normalized"), -0.5)).isEqualTo(Quality.GOOD);
        assertThat(c.write(Iec104Address.parse("ioa:5003:scaled"), 300)).isEqualTo(Quality.GOOD);
        // Terminated (6xxx): success either way, and the late ACT_TERM answers no later command.
        assertThat(c.write(Iec104Address.parse("ioa:6001:single"), 1)).isEqualTo(Quality.GOOD);
        assertThat(c.write(Iec104Address.parse("ioa:6001:single"), 0)).isEqualTo(Quality.GOOD);
        assertThat(c.write(Iec104Address.parse("ioa:9999:float"), 1).reason()).isEqualTo(Quality.Reason.DEVICE_FAILURE);

        Iec104Connection strict = connect("waitForTermination", true, "terminationTimeoutMillis", 500);
        assertThat(strict.write(Iec104Address.parse("ioa:6002:double"), 2)).isEqualTo(Quality.GOOD);
        Quality unterminated = strict.write(Iec104Address.parse("ioa:5001:float"), 1);
        assertThat(unterminated.status()).isEqualTo(Quality.Status.QUESTIONABLE);
        assertThat(unterminated.detail()).contains("no ACT_TERM within 500 ms");
    }

    @Test
    void selectBeforeOperateAndCancel() throws Exception {
        Iec104Connection c = connect("selectBeforeOperate", true, "waitForTermination", true);
        assertThat(c.write(Iec104Address.parse("ioa:6003:double"), 2)).isEqualTo(Quality.GOOD);
        peer.awaitLine("command C_DC_NA_1 ioa=6003 value=2 select=false term=true", 20);
        List<String> lines = peer.output();
        assertThat(lines)
                .containsSubsequence(
                        "command C_DC_NA_1 ioa=6003 value=2 select=true term=false",
                        "command C_DC_NA_1 ioa=6003 value=2 select=false term=true");

        Commandable.Selection s = c.select(Iec104Address.parse("ioa:6004:single"), 1);
        assertThat(s.quality()).isEqualTo(Quality.GOOD);
        s.cancel();
        assertThat(peer.awaitLine("command C_SC_NA_1 ioa=6004 value=1 select=true term=false deactivate", 20))
                .isNotNull();
    }
}
