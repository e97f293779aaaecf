package io.gridhub.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridhub.driver.modbus.DataType;
import io.gridhub.driver.modbus.WordOrder;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Register words to numbers and back, for every register type and word order. Input layout (seeds in
 * {@code CodecFuzzTestInputs/roundTrip}): byte 0 picks the type, byte 1 the order, bytes 2..9 are four register
 * words (big-endian), bytes 10..17 a double to encode (missing bytes count as 0).
 * <ul>
 * <li>decode never throws for an array long enough for the type;
 * <li>encode(decode(words)) gives the words back (except NaN floats, whose payload Java does not keep);
 * <li>encode(value) gives 16-bit words that decode to the value, or refuses a value the type cannot hold with an
 * IllegalArgumentException that names the type.
 * </ul>
 */
class CodecFuzzTest {
    private static final DataType[] TYPES = {
        DataType.INT16, DataType.UINT16, DataType.INT32, DataType.UINT32, DataType.FLOAT32, DataType.FLOAT64
    };

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void roundTrip(byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(input, 18));
        DataType type = TYPES[Byte.toUnsignedInt(in.get()) % TYPES.length];
        WordOrder order = WordOrder.values()[Byte.toUnsignedInt(in.get()) % WordOrder.values().length];
        int[] words = new int[4];
        for (int i = 0; i < 4; i++) {
            words[i] = Short.toUnsignedInt(in.getShort());
        }
        double value = in.getDouble();
        int n = type.registers();

        double decoded = Codec.decode(words, 0, type, order);
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            assertThat(decoded).isFinite();
        }
        if (!Double.isNaN(decoded)) {
            int[] again = Codec.encode(decoded, type, order);
            assertThat(again).as("%s %s of %s", type, order, decoded).containsExactly(Arrays.copyOf(words, n));
        }

        int[] encoded;
        try {
            encoded = Codec.encode(value, type, order);
        } catch (IllegalArgumentException e) {
            assertThat(type).isIn(DataType.INT16, DataType.UINT16, DataType.INT32, DataType.UINT32);
            assertThat(e.getMessage()).contains(type.code());
            return;
        }
        assertThat(encoded).hasSize(n);
        for (int w : encoded) {
            assertThat(w).isBetween(0, 0xFFFF);
        }
        double back = Codec.decode(encoded, 0, type, order);
        double expected = type == DataType.FLOAT32 ? (double) (float) value : value;
        if (Double.isNaN(expected)) {
            assertThat(back).isNaN();
        } else {
            assertThat(back == expected)
                    .as("%s %s of %s decodes to %s", type, order, value, back)
                    .isTrue();
        }
    }
}
