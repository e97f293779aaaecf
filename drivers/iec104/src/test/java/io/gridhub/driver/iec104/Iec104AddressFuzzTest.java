package io.gridhub.driver.iec104;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridhub.api.driver.AddressException;
import java.nio.charset.StandardCharsets;

/**
 * Address text: a valid information object address in 1..2^24-1 that prints back to itself, or an
 * {@link AddressException} with a message. Seeds in {@code Iec104AddressFuzzTestInputs/parse}.
 */
class Iec104AddressFuzzTest {
    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void parse(byte[] input) {
        if (input.length > 256) {
            return;
        }
        String text = new String(input, StandardCharsets.UTF_8);
        Iec104Address a;
        try {
            a = Iec104Address.parse(text);
        } catch (AddressException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(a.ioa()).isBetween(1, Iec104Address.MAX_IOA);
        assertThat(a.commandOrDefault()).isNotNull();
        try {
            assertThat(Iec104Address.parse(a.toString())).isEqualTo(a);
        } catch (AddressException e) {
            throw new AssertionError(a + " (from '" + text + "') does not parse back: " + e.getMessage(), e);
        }
    }
}
