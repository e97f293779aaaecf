package io.gridhub.driver.ocpp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text frame from a charge point (untrusted: anyone with a charge point's credentials, or any loopback process for
 * an {@code allowNoAuth} one) through the central system: it never throws, answers at most one frame, and that
 * answer is a well-formed CALLRESULT or a CALLERROR with an OCPP-J 1.6 error code; the connection stays open. Seeds
 * in {@code FrameFuzzTestInputs/chargePointFrame}: valid calls of every kind the hub takes, and broken ones.
 */
class FrameFuzzTest {
    private static final List<String> CODES =
            Arrays.stream(OcppError.Code.values()).map(Enum::name).toList();

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void chargePointFrame(byte[] input) throws Exception {
        if (input.length > 8192) {
            return;
        }
        String text = new String(input, StandardCharsets.UTF_8);
        List<String> sent = new ArrayList<>();
        try (CentralSystem system = new CentralSystem(Clock.systemUTC(), Duration.ofSeconds(1), 300)) {
            system.configure(List.of(OcppPeerTest.cp("fuzz-cp", "allowNoAuth", true)));
            ChargePointLink link = system.opened(
                    "fuzz-cp", system.settings("fuzz-cp").orElseThrow(), "fuzzer", new ChargePointLink.Socket() {
                        @Override
                        public boolean send(String frame) {
                            sent.add(frame);
                            return true;
                        }

                        @Override
                        public void close(String why) {
                            // The test closes the central system, which closes the link.
                        }
                    });
            system.onText(link, text);
            assertThat(link.isOpen()).isTrue();
        }
        assertThat(sent).hasSizeLessThanOrEqualTo(1);
        for (String answer : sent) {
            Frame f = Frame.parse(answer);
            assertThat(f.type()).isIn(Frame.RESULT, Frame.ERROR);
            if (f.type() == Frame.ERROR) {
                assertThat(f.errorCode()).isIn(CODES);
                assertThat(f.errorDescription()).hasSizeLessThanOrEqualTo(255);
            }
        }
    }
}
