package io.gridhub.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.driver.modbus.DataType;
import io.gridhub.driver.modbus.WordOrder;
import org.junit.jupiter.api.Test;

class CodecTest {
    @Test
    void decodesKnownPatternsInEveryOrder() {
        // 1.0f is 0x3F800000: bytes A=3F B=80 C=00 D=00.
        assertThat(Codec.decode(new int[] {0x3F80, 0x0000}, 0, DataType.FLOAT32, WordOrder.ABCD))
                .isEqualTo(1.0);
        assertThat(Codec.decode(new int[] {0x0000, 0x3F80}, 0, DataType.FLOAT32, WordOrder.CDAB))
                .isEqualTo(1.0);
        assertThat(Codec.decode(new int[] {0x803F, 0x0000}, 0, DataType.FLOAT32, WordOrder.BADC))
                .isEqualTo(1.0);
        assertThat(Codec.decode(new int[] {0x0000, 0x803F}, 0, DataType.FLOAT32, WordOrder.DCBA))
                .isEqualTo(1.0);
        assertThat(Codec.decode(new int[] {0xFFFF}, 0, DataType.INT16, WordOrder.ABCD))
                .isEqualTo(-1);
        assertThat(Codec.decode(new int[] {0xFFFF}, 0, DataType.UINT16, WordOrder.ABCD))
                .isEqualTo(65535);
        assertThat(Codec.decode(new int[] {0x0102}, 0, DataType.UINT16, WordOrder.BADC))
                .isEqualTo(0x0201);
        assertThat(Codec.decode(new int[] {0xFFFF, 0xFFFE}, 0, DataType.INT32, WordOrder.ABCD))
                .isEqualTo(-2);
        assertThat(Codec.decode(new int[] {0xFFFF, 0xFFFF}, 0, DataType.UINT32, WordOrder.ABCD))
                .isEqualTo(4_294_967_295.0);
        assertThat(Codec.decode(new int[] {9, 0x0001, 0x0000}, 1, DataType.UINT32, WordOrder.CDAB))
                .isEqualTo(1);
    }

    @Test
    void encodeThenDecodeGivesTheValueBackForEveryTypeAndOrder() {
        double[] values = {0, 1, -1, 123.5, -40000.25, 1e9};
        for (DataType t : DataType.values()) {
            if (t == DataType.BOOL) {
                continue;
            }
            for (WordOrder o : WordOrder.values()) {
                for (double v : values) {
                    int[] regs;
                    try {
                        regs = Codec.encode(v, t, o);
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    double back = Codec.decode(regs, 0, t, o);
                    double expected = t == DataType.FLOAT32 ? (float) v : v;
                    assertThat(back).as("%s %s %s", t, o, v).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void refusesValuesThatDoNotFit() {
        assertThatThrownBy(() -> Codec.encode(70000, DataType.UINT16, WordOrder.ABCD))
                .hasMessageContaining("does not fit uint16");
        assertThatThrownBy(() -> Codec.encode(-1, DataType.UINT32, WordOrder.ABCD))
                .hasMessageContaining("uint32");
        assertThatThrownBy(() -> Codec.encode(1.5, DataType.INT16, WordOrder.ABCD))
                .hasMessageContaining("int16");
    }
}
