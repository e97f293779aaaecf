package io.gridhub.driver.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridhub.api.driver.Reading;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.AsduBytes;

/**
 * What an outstation sends: ASDU bytes (after the APCI) through j60870's decoder, then through ours. j60870 either
 * gives an ASDU or throws (IOException, or a RuntimeException its connection reader also turns into a closed
 * connection); whatever ASDU it gives, {@link Decoder} returns readings, each with a quality (a GOOD one with a
 * finite value), and never throws. Seeds in {@code DecoderFuzzTestInputs/decodeAll}: one ASDU of each monitor type.
 */
class DecoderFuzzTest {
    private static final Instant RECEIVED = Instant.parse("2026-06-01T12:30:00Z");

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void decodeAll(byte[] input) {
        if (input.length > 253) { // an APDU's length octet allows 253 after the start byte and itself
            return;
        }
        ASdu asdu;
        try {
            asdu = AsduBytes.decode(input);
        } catch (IOException | RuntimeException e) {
            return; // j60870 refuses the frame: the connection closes, nothing reaches the decoder
        }
        Decoder.isMonitor(asdu);
        List<Reading> readings = Decoder.decodeAll(asdu, RECEIVED);
        assertThat(readings).doesNotContainNull();
        for (Reading r : readings) {
            assertThat(r.quality()).isNotNull();
            if (r.quality().isGood()) {
                assertThat(r.value()).isFinite();
            }
        }
    }
}
