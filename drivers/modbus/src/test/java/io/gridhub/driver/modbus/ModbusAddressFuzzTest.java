package io.gridhub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridhub.api.driver.AddressException;
import java.nio.charset.StandardCharsets;

/**
 * Address text from a device's configuration: either a valid address that prints back to itself, or an
 * {@link AddressException} with a message; nothing else. Seeds in {@code ModbusAddressFuzzTestInputs/parse}.
 */
class ModbusAddressFuzzTest {
    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void parse(byte[] input) {
        if (input.length > 256) {
            return;
        }
        String text = new String(input, StandardCharsets.UTF_8);
        ModbusAddress a;
        try {
            a = ModbusAddress.parse(text);
        } catch (AddressException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(a.address()).isBetween(0, 65535);
        assertThat(a.end()).isLessThanOrEqualTo(65536);
        assertThat(a.type() == DataType.BOOL).isEqualTo(a.table().isBit());
        try {
            assertThat(ModbusAddress.parse(a.toString())).isEqualTo(a);
        } catch (AddressException e) {
            throw new AssertionError(a + " (from '" + text + "') does not parse back: " + e.getMessage(), e);
        }
    }
}
