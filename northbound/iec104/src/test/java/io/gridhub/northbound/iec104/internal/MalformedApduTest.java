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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Raw bytes on 127.0.0.1: garbage, wrong lengths, unknown type ids, truncated frames. Each bad connection ends (or
 * is answered) without harm, and a master connected all along keeps being served, as does a new one.
 */
@Timeout(120)
class MalformedApduTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String STARTDT = "680407000000";
    /** How long a connection expected to stay open must stay quiet (the server reads within milliseconds). */
    private static final int SILENCE_MILLIS = 400;
    /** How long the server may take to close a connection expected to close (generous: a busy machine). */
    private static final int CLOSE_MILLIS = 20_000;

    private static final String STARTDT_CON = "68040b000000";

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

    /**
     * Each bad input with what the server does: {@code closed} (it ends the connection, at once or after an answer),
     * or {@code silent} (it sends nothing beyond the STARTDT confirmation and keeps the connection: a frame it is
     * still waiting the rest of, or an APDU it drops). Anything else it sends fails the test with the bytes.
     */
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource({
        "not a start byte, 00112233445566778899, closed",
        "length below the 4 control octets, 6802010203, closed",
        "length 0, 6800, closed",
        "length above 253, 68ff00000000, closed",
        "an I-frame with unknown type id 99, " + STARTDT + "680e00000000630106000100e9030000, closed",
        "an I-frame with type id 0, " + STARTDT + "680e00000000000106000100e9030000, closed",
        "a set-point command whose ASDU is shorter than its type needs, " + STARTDT
                + "680e0000000032010600010089130000, silent",
        "an interrogation claiming 5 objects but carrying one, " + STARTDT + "680e0000000064050600010000000014, silent",
        "a frame announcing more bytes than follow, " + STARTDT + "68fd000000000d01, silent",
        // Read as a STARTDT by the protocol library (confirmed), then nothing.
        "an unknown U-frame function, 680403000000, silent",
        "an S-frame acknowledging frames never sent, " + STARTDT + "68040100ff7f, closed",
    })
    void badApduEndsThatConnectionOnlyAndTheOthersAreStillServed(String what, String hex, String expected)
            throws Exception {
        assertThat(sendRaw(HEX.parseHex(hex), expected.equals("closed") ? CLOSE_MILLIS : SILENCE_MILLIS))
                .as(what)
                .isEqualTo(expected);
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
            sendRaw(b, SILENCE_MILLIS);
        }
        stillServing();
    }

    /**
     * Sends the bytes and reads until the server closes ({@code closed}) or stays quiet for {@code quietMillis}:
     * {@code silent} when it sent nothing beyond a STARTDT confirmation, else {@code answered <hex>}.
     */
    private String sendRaw(byte[] bytes, int quietMillis) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), fixture.port)) {
            s.setSoTimeout(quietMillis);
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
                String answer = HEX.formatHex(got.toByteArray());
                answer = answer.startsWith(STARTDT_CON) ? answer.substring(STARTDT_CON.length()) : answer;
                return answer.isEmpty() ? "silent" : "answered " + answer;
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
