package io.gridhub.driver.iec61850.internal;

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
import com.beanit.openiec61850.ModelNode;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Model nodes to gridhub readings: numbers, the {@code q} attribute to {@link Quality}, {@code t} to source time. */
final class Values {
    /** Where a data object keeps its main value, tried in this order (7-3 common data classes). */
    private static final List<String> MAIN = List.of(
            "stVal", "mag", "actVal", "setMag", "cVal", "instMag", "setVal", "instCVal", "ctlVal", "f", "i", "general");

    /** IEC 61850-7-3 SIUnit codes of the units energy devices use, to their symbols. */
    private static final Map<Integer, String> SI_UNITS = Map.ofEntries(
            Map.entry(1, ""),
            Map.entry(2, "m"),
            Map.entry(3, "kg"),
            Map.entry(4, "s"),
            Map.entry(5, "A"),
            Map.entry(6, "K"),
            Map.entry(9, "deg"),
            Map.entry(10, "rad"),
            Map.entry(23, "°C"),
            Map.entry(29, "V"),
            Map.entry(30, "Ω"),
            Map.entry(31, "J"),
            Map.entry(33, "Hz"),
            Map.entry(38, "W"),
            Map.entry(39, "Pa"),
            Map.entry(61, "VA"),
            Map.entry(62, "W"),
            Map.entry(63, "var"),
            Map.entry(64, "deg"),
            Map.entry(65, "cos φ"),
            Map.entry(71, "VAh"),
            Map.entry(72, "Wh"),
            Map.entry(73, "varh"),
            Map.entry(75, "Hz/s"));

    private static final Map<Integer, String> MULTIPLIERS =
            Map.of(-9, "n", -6, "µ", -3, "m", 0, "", 3, "k", 6, "M", 9, "G");

    private Values() {}

    /** The leaf holding the value of a node: itself when basic, else its main value, depth first. */
    static BasicDataAttribute leaf(ModelNode node) {
        if (node instanceof BasicDataAttribute b) {
            return b;
        }
        for (String name : MAIN) {
            ModelNode child = node.getChild(name);
            if (child != null) {
                BasicDataAttribute b = leaf(child);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    /** A numeric reading of a basic attribute, or NaN when it holds no number. */
    static double number(BasicDataAttribute b) {
        Whole<?> integer = wholeType(b);
        if (integer != null) {
            return integer.get(b);
        } else if (b instanceof BdaFloat32 f) {
            // MMS sends 5 octets (exponent width, IEEE single); openiec61850 keeps a shorter one as it came and
            // getFloat() then fails with ArrayIndexOutOfBounds: such a value is no number.
            byte[] raw = f.getValue();
            return raw == null || raw.length < 5 || f.getFloat() == null ? Double.NaN : f.getFloat();
        } else if (b instanceof BdaFloat64 f) {
            return f.getDouble() == null ? Double.NaN : f.getDouble();
        } else if (b instanceof BdaBoolean x) {
            return x.getValue() ? 1 : 0;
        } else if (b instanceof BdaDoubleBitPos d) {
            return d.getDoubleBitPos().getIntValue();
        }
        return Double.NaN;
    }

    /**
     * The reading of a value node: its number, with the quality and time stamp of the data object that holds it
     * (the nearest ancestor with a {@code q}).
     */
    static Reading reading(ModelNode valueNode) {
        BasicDataAttribute leaf = leaf(valueNode);
        if (leaf == null) {
            return Reading.failed(Quality.invalid(
                    Quality.Reason.CONFIGURATION_ERROR,
                    valueNode.getReference()
                            + " holds no basic value (a structure without stVal, mag, actVal, setMag, cVal, …)"));
        }
        double v = number(leaf);
        if (!Double.isFinite(v)) {
            return Reading.failed(Quality.invalid(
                    Quality.Reason.CONFIGURATION_ERROR,
                    leaf.getReference() + " is " + leaf.getBasicType() + ", not a number"));
        }
        BdaQuality q = null;
        BdaTimestamp t = null;
        for (ModelNode n = leaf.getParent(); n != null && q == null; n = n.getParent()) {
            if (n.getChild("q") instanceof BdaQuality found) {
                q = found;
                if (n.getChild("t") instanceof BdaTimestamp ts) {
                    t = ts;
                }
            }
        }
        Quality quality = q == null ? Quality.GOOD : quality(q);
        Instant time = t == null ? null : instant(t);
        if (quality.isGood() && t != null && (t.getClockFailure() || t.getClockNotSynchronized())) {
            quality = Quality.questionable(
                    Quality.Reason.CLOCK_SKEW, t.getClockFailure() ? "clock failure" : "clock not synchronized");
        }
        return new Reading(v, quality, time);
    }

    /** A 61850 time stamp as an instant; null when unset (all zero). */
    static Instant instant(BdaTimestamp t) {
        byte[] raw = t.getValue();
        if (raw == null || ReportPositions.allZero(raw)) {
            return null;
        }
        return t.getDate().toInstant();
    }

    /**
     * The {@code q} attribute as a gridhub quality: validity invalid → INVALID, questionable (or good but
     * substituted, blocked or test) → QUESTIONABLE; the reason is the most telling detail flag, the detail lists
     * every flag set.
     */
    static Quality quality(BdaQuality q) {
        List<String> flags = new ArrayList<>();
        Quality.Reason reason = Quality.Reason.NONE;
        for (Flag f : FLAGS) {
            if (f.set().test(q)) {
                flags.add(f.name());
                reason = first(reason, f.reason());
            }
        }
        BdaQuality.Validity validity = q.getValidity();
        String detail =
                (validity == BdaQuality.Validity.GOOD ? "" : validity.name().toLowerCase() + " ")
                        + String.join(" ", flags);
        if (validity == BdaQuality.Validity.INVALID || validity == BdaQuality.Validity.RESERVED) {
            return Quality.invalid(reason == Quality.Reason.NONE ? Quality.Reason.OTHER : reason, detail.trim());
        }
        if (validity == BdaQuality.Validity.QUESTIONABLE
                || !flags.isEmpty()
                        && (reason == Quality.Reason.SUBSTITUTED || reason == Quality.Reason.BLOCKED || q.isTest())) {
            return Quality.questionable(reason == Quality.Reason.NONE ? Quality.Reason.OTHER : reason, detail.trim());
        }
        return Quality.GOOD;
    }

    /** A detail flag of {@code q}: its name, and the reason it gives (NONE: it only adds to the detail). */
    private record Flag(String name, Predicate<BdaQuality> set, Quality.Reason reason) {}

    /** The detail flags, the most telling first. */
    private static final List<Flag> FLAGS = List.of(
            new Flag("failure", BdaQuality::isFailure, Quality.Reason.DEVICE_FAILURE),
            new Flag("badReference", BdaQuality::isBadReference, Quality.Reason.CONFIGURATION_ERROR),
            new Flag("overflow", BdaQuality::isOverflow, Quality.Reason.OVERFLOW),
            new Flag("outOfRange", BdaQuality::isOutOfRange, Quality.Reason.OUT_OF_RANGE),
            new Flag("oldData", BdaQuality::isOldData, Quality.Reason.OLD_DATA),
            new Flag("operatorBlocked", BdaQuality::isOperatorBlocked, Quality.Reason.BLOCKED),
            new Flag("substituted", BdaQuality::isSubstituted, Quality.Reason.SUBSTITUTED),
            new Flag("oscillatory", BdaQuality::isOscillatory, Quality.Reason.NONE),
            new Flag("inconsistent", BdaQuality::isInconsistent, Quality.Reason.NONE),
            new Flag("inaccurate", BdaQuality::isInaccurate, Quality.Reason.NONE),
            new Flag("test", BdaQuality::isTest, Quality.Reason.NONE));

    private static Quality.Reason first(Quality.Reason had, Quality.Reason next) {
        return had == Quality.Reason.NONE ? next : had;
    }

    /**
     * The unit of a data object from its {@code units} attribute (FC CF), e.g. {@code kW}; empty when it has none
     * or the values were not read.
     */
    static String unit(ModelNode units) {
        if (units == null) {
            return "";
        }
        ModelNode si = units.getChild("SIUnit");
        ModelNode mul = units.getChild("multiplier");
        if (!(si instanceof BasicDataAttribute s)) {
            return "";
        }
        int code = (int) number(s);
        if (code == 0) {
            return ""; // not set in the model
        }
        String symbol = SI_UNITS.getOrDefault(code, "SIUnit " + code);
        String prefix = mul instanceof BasicDataAttribute m ? MULTIPLIERS.getOrDefault((int) number(m), "") : "";
        return prefix + symbol;
    }

    /** Sets a basic attribute from a number; null when it fits, else why not. */
    static Quality set(BasicDataAttribute b, double v) {
        if (!Double.isFinite(v)) {
            return Quality.invalid(Quality.Reason.OUT_OF_RANGE, "cannot write " + v + " to " + b.getReference());
        }
        boolean whole = v == Math.rint(v);
        String range = null;
        Whole<?> integer = wholeType(b);
        if (integer != null) {
            range = integer.set(b, v);
        } else if (b instanceof BdaFloat32 f) {
            f.setFloat((float) v);
        } else if (b instanceof BdaFloat64 f) {
            f.setDouble(v);
        } else if (b instanceof BdaBoolean x) {
            if (v != 0 && v != 1) {
                range = "0 or 1";
            } else {
                x.setValue(v == 1);
            }
        } else if (b instanceof BdaDoubleBitPos d) {
            if (!whole || v < 0 || v > 3) {
                range = "0..3 (1 off, 2 on)";
            } else {
                d.setDoubleBitPos(BdaDoubleBitPos.DoubleBitPos.values()[(int) v]);
            }
        } else {
            return Quality.invalid(
                    Quality.Reason.CONFIGURATION_ERROR,
                    b.getReference() + " is " + b.getBasicType() + ": only numbers and booleans can be written");
        }
        return range == null
                ? null
                : Quality.invalid(
                        Quality.Reason.OUT_OF_RANGE,
                        b.getReference() + " (" + b.getBasicType() + ") takes " + range + ", got " + v);
    }

    /** An integer attribute type: the numbers it holds, and how to read and set it. */
    private record Whole<T extends BasicDataAttribute>(
            Class<T> type, double min, double max, ToDoubleFunction<T> getter, ObjDoubleConsumer<T> setter) {
        double get(BasicDataAttribute b) {
            return getter.applyAsDouble(type.cast(b));
        }

        /** Sets {@code b} to {@code v}; null when it fits, else the range it takes. */
        String set(BasicDataAttribute b, double v) {
            if (v != Math.rint(v) || v < min || v > max) {
                return "a whole number " + (long) min + ".." + (long) max;
            }
            setter.accept(type.cast(b), v);
            return null;
        }
    }

    /** The integer types; a 64-bit one takes what a double holds exactly (up to 2^53). */
    private static final List<Whole<?>> WHOLES = List.of(
            new Whole<>(BdaInt8.class, -128, 127, BdaInt8::getValue, (i, v) -> i.setValue((byte) v)),
            new Whole<>(BdaInt16.class, -32768, 32767, BdaInt16::getValue, (i, v) -> i.setValue((short) v)),
            new Whole<>(BdaInt32.class, -2147483648.0, 2147483647, BdaInt32::getValue, (i, v) -> i.setValue((int) v)),
            new Whole<>(BdaInt64.class, -0x1p53, 0x1p53, BdaInt64::getValue, (i, v) -> i.setValue((long) v)),
            new Whole<>(BdaInt8U.class, 0, 255, BdaInt8U::getValue, (i, v) -> i.setValue((short) v)),
            new Whole<>(BdaInt16U.class, 0, 65535, BdaInt16U::getValue, (i, v) -> i.setValue((int) v)),
            new Whole<>(BdaInt32U.class, 0, 4294967295.0, BdaInt32U::getValue, (i, v) -> i.setValue((long) v)));

    /** The integer type of {@code b}, or null when it holds no integer. */
    private static Whole<?> wholeType(BasicDataAttribute b) {
        for (Whole<?> w : WHOLES) {
            if (w.type().isInstance(b)) {
                return w;
            }
        }
        return null;
    }
}
