package io.gridhub.northbound.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.model.Sample;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.testkit.Waits;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw bytes on 127.0.0.1: garbage, wrong lengths, unknown type ids, truncated frames. Each bad connection ends (or
 * is answered) without harm, and a master connected all along keeps being served, as does a new one.
 */
@Timeout(120)
class MalformedApduTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String STARTDT = "680407000000";
    /**
     * How long a bad connection may stay quiet before it counts as "silent" (all three outcomes pass: what matters is
     * that the server keeps serving). The server reads what was sent within milliseconds on loopback.
     */
    private static final int SILENCE_MILLIS = 400;

    private Fixture fixture;
    private Connection<Iec104Address> good;
    private final List<Reading> pushed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new Fixture(OutstationTest.map(), Set.of("127.0.0.1"), Set.of("127.0.0.1"), 0, 12, 8);
        fixture.latest.put(Sample.good(OutstationTest.P, 1, Instant.now()));
        good = fixture.client();
        good.read(List.of(Iec104Address.parse("ioa:1001")));
        ((Subscribable<Iec104Address>) good)
                .subscribe(List.of(Iec104Address.parse("ioa:1001")), (a, r) -> pushed.add(r));
    }

    @AfterEach
    void stop() {
        good.close();
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                // not a start byte
                "00112233445566778899",
                // length below the 4 control octets
                "6802010203",
                // length 0
                "6800",
                // length above 253
                "68ff" + "00000000",
                // STARTDT, then an I-frame with unknown type id 99
                STARTDT + "680e00000000" + "63010600" + "0100" + "e90300" + "00",
                // STARTDT, then an I-frame with type id 0
                STARTDT + "680e00000000" + "00010600" + "0100" + "e90300" + "00",
                // STARTDT, then a set-point command whose ASDU is shorter than its type needs
                STARTDT + "680e00000000" + "32010600" + "0100" + "891300" + "00",
                // STARTDT, then an interrogation claiming 5 objects but carrying one
                STARTDT + "680e00000000" + "64050600" + "0100" + "000000" + "14",
                // STARTDT, then a frame announcing more bytes than follow
                STARTDT + "68fd00000000" + "0d01",
                // an unknown U-frame function
                "680403000000",
                // STARTDT, then an S-frame acknowledging frames never sent
                STARTDT + "68040100ff7f",
            })
    void badApduEndsThatConnectionOnlyAndTheOthersAreStillServed(String hex) throws Exception {
        String outcome = sendRaw(HEX.parseHex(hex));
        assertThat(outcome).isIn("closed", "answered", "silent");
        stillServing();
    }

    @Test
    void randomBytesNeverHurtTheServer() throws Exception {
        Random random = new Random(104);
        for (int i = 0; i < 20; i++) {
            byte[] b = new byte[1 + random.nextInt(300)];
            random.nextBytes(b);
            if (i % 2 == 0) {
                b[0] = 0x68; // a plausible start, random rest
            }
            sendRaw(b);
        }
        stillServing();
    }

    /** Sends the bytes and reads until the server closes, answers, or stays silent for {@link #SILENCE_MILLIS}. */
    private String sendRaw(byte[] bytes) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), fixture.port)) {
            s.setSoTimeout(SILENCE_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[512];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
                return "closed";
            } catch (SocketTimeoutException e) {
                return got.size() > 0 ? "answered" : "silent";
            } catch (SocketException e) {
                return "closed"; // reset
            }
        }
    }

    private void stillServing() throws Exception {
        double v = 1000 + pushed.size();
        fixture.outstation.onSamples(List.of(Sample.good(OutstationTest.P, v, Instant.now())));
        Waits.until(Duration.ofSeconds(10), () -> pushed.stream().anyMatch(r -> r.value() == v), "value " + v);
        try (Connection<Iec104Address> fresh = fixture.client()) {
            assertThat(fresh.read(List.of(Iec104Address.parse("ioa:1001")))
                            .get(0)
                            .value())
                    .isEqualTo(1.0);
        }
    }
}
