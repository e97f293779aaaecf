package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.beanit.openiec61850.BasicDataAttribute;
import com.beanit.openiec61850.BdaBoolean;
import com.beanit.openiec61850.BdaDoubleBitPos;
import com.beanit.openiec61850.BdaFloat32;
import com.beanit.openiec61850.BdaFloat64;
import com.beanit.openiec61850.BdaInt16;
import com.beanit.openiec61850.BdaInt16U;
import com.beanit.openiec61850.BdaInt32;
import com.beanit.openiec61850.BdaInt32U;
import com.beanit.openiec61850.BdaInt64;
import com.beanit.openiec61850.BdaInt8;
import com.beanit.openiec61850.BdaInt8U;
import com.beanit.openiec61850.BdaQuality;
import com.beanit.openiec61850.BdaTimestamp;
import com.beanit.openiec61850.BdaVisibleString;
import com.beanit.openiec61850.ConstructedDataAttribute;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.FcDataObject;
import com.beanit.openiec61850.FcModelNode;
import com.beanit.openiec61850.ObjectReference;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridhub.api.driver.Reading;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an IED's values become: a data object with a fuzzed main value (any basic type, under any of the names
 * {@link Values} looks for, directly or inside a structure), quality bits and time stamp bytes, and a units
 * structure. {@link Values#reading} always returns a reading with a quality (never throws; a GOOD one has a finite
 * value), {@link Values#quality} maps every bit pattern, {@link Values#unit} always returns text. Structure-aware
 * from a FuzzedDataProvider; seeds in {@code ValuesFuzzTestInputs/reading}.
 */
class ValuesFuzzTest {
    private static final String DO = "LD0/MMXU1.TotW";
    private static final String[] MAIN = {
        "stVal",
        "mag",
        "actVal",
        "setMag",
        "cVal",
        "instMag",
        "setVal",
        "instCVal",
        "ctlVal",
        "f",
        "i",
        "general",
        "other"
    };

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void reading(FuzzedDataProvider data) {
        List<FcModelNode> children = new ArrayList<>();
        String name = data.pickValue(MAIN);
        BasicDataAttribute value;
        if (data.consumeBoolean()) { // a structure such as mag holding f or i
            String inner = data.consumeBoolean() ? "f" : "i";
            value = basic(data, DO + "." + name + "." + inner);
            children.add(new ConstructedDataAttribute(new ObjectReference(DO + "." + name), Fc.MX, List.of(value)));
        } else {
            value = basic(data, DO + "." + name);
            children.add(value);
        }
        if (data.consumeBoolean()) {
            BdaQuality q = new BdaQuality(new ObjectReference(DO + ".q"), Fc.MX, "", false);
            q.setValue(bytes(data, 2));
            children.add(q);
        }
        if (data.consumeBoolean()) {
            BdaTimestamp t = new BdaTimestamp(new ObjectReference(DO + ".t"), Fc.MX, "", false, false);
            t.setValue(bytes(data, 8));
            children.add(t);
        }
        FcDataObject dataObject = new FcDataObject(new ObjectReference(DO), Fc.MX, children);

        Reading r = Values.reading(dataObject);
        assertThat(r).isNotNull();
        assertThat(r.quality()).isNotNull();
        if (r.quality().isGood()) {
            assertThat(r.value()).isFinite();
        }
        for (FcModelNode c : children) {
            if (c instanceof BdaQuality q) {
                assertThat(Values.quality(q)).isNotNull();
            } else if (c instanceof BdaTimestamp t) {
                Values.instant(t);
            }
        }

        BasicDataAttribute si = basic(data, "LD0/MMXU1.TotW.units.SIUnit");
        BasicDataAttribute mul = basic(data, "LD0/MMXU1.TotW.units.multiplier");
        ConstructedDataAttribute units =
                new ConstructedDataAttribute(new ObjectReference("LD0/MMXU1.TotW.units"), Fc.CF, List.of(si, mul));
        assertThat(Values.unit(units)).isNotNull();
    }

    /** Found by this target: a 4-octet FLOAT32 from an IED made Values.number throw ArrayIndexOutOfBounds. */
    @Test
    void aShortFloatFromTheWireIsNoNumber() {
        BdaFloat32 f = new BdaFloat32(new ObjectReference(DO + ".mag.f"), Fc.MX, "", false, false);
        f.setValue(new byte[] {0x42, 0x28, 0, 0});
        assertThat(Values.number(f)).isNaN();
        Reading r = Values.reading(f);
        assertThat(r.quality().isGood()).isFalse();
        assertThat(r.value()).isNaN();
    }

    /** Exactly n bytes (zero-padded), as MMS delivers a fixed-size attribute. */
    private static byte[] bytes(FuzzedDataProvider data, int n) {
        return Arrays.copyOf(data.consumeBytes(n), n);
    }

    /** A basic attribute of a fuzzed type with a fuzzed value. */
    private static BasicDataAttribute basic(FuzzedDataProvider data, String ref) {
        ObjectReference r = new ObjectReference(ref);
        switch (data.consumeInt(0, 13)) {
            case 0 -> {
                BdaFloat32 f = new BdaFloat32(r, Fc.MX, "", false, false);
                // 5 octets on the wire; an IED may send fewer, which openiec61850 keeps as they are.
                f.setValue(data.consumeBoolean() ? bytes(data, 5) : data.consumeBytes(data.consumeInt(0, 6)));
                return f;
            }
            case 1 -> {
                BdaFloat64 f = new BdaFloat64(r, Fc.MX, "", false, false);
                f.setValue(bytes(data, 9)); // exponent width + IEEE double; openiec61850 refuses other lengths
                return f;
            }
            case 2 -> {
                BdaInt8 i = new BdaInt8(r, Fc.MX, "", false, false);
                i.setValue(data.consumeByte());
                return i;
            }
            case 3 -> {
                BdaInt16 i = new BdaInt16(r, Fc.MX, "", false, false);
                i.setValue(data.consumeShort());
                return i;
            }
            case 4 -> {
                BdaInt32 i = new BdaInt32(r, Fc.MX, "", false, false);
                i.setValue(data.consumeInt());
                return i;
            }
            case 5 -> {
                BdaInt64 i = new BdaInt64(r, Fc.MX, "", false, false);
                i.setValue(data.consumeLong());
                return i;
            }
            case 6 -> {
                BdaInt8U i = new BdaInt8U(r, Fc.MX, "", false, false);
                i.setValue((short) data.consumeInt(0, 255));
                return i;
            }
            case 7 -> {
                BdaInt16U i = new BdaInt16U(r, Fc.MX, "", false, false);
                i.setValue(data.consumeInt(0, 65535));
                return i;
            }
            case 8 -> {
                BdaInt32U i = new BdaInt32U(r, Fc.MX, "", false, false);
                i.setValue(data.consumeLong(0, 0xFFFF_FFFFL));
                return i;
            }
            case 9 -> {
                BdaBoolean b = new BdaBoolean(r, Fc.MX, "", false, false);
                b.setValue(data.consumeBoolean());
                return b;
            }
            case 10 -> {
                BdaDoubleBitPos d = new BdaDoubleBitPos(r, Fc.ST, "", false, false);
                d.setValue(bytes(data, 1));
                return d;
            }
            case 11 -> {
                BdaQuality q = new BdaQuality(r, Fc.ST, "", false);
                q.setValue(bytes(data, 2));
                return q;
            }
            case 12 -> {
                BdaTimestamp t = new BdaTimestamp(r, Fc.ST, "", false, false);
                t.setValue(bytes(data, 8));
                return t;
            }
            default -> {
                BdaVisibleString s = new BdaVisibleString(r, Fc.DC, "", 255, false, false);
                s.setValue(data.consumeAsciiString(255));
                return s;
            }
        }
    }
}
