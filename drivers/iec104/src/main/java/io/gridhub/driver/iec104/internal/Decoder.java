package io.gridhub.driver.iec104.internal;

import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.ObjIntConsumer;
import org.openmuc.j60870.ASdu;
import org.openmuc.j60870.ie.IeBinaryCounterReading;
import org.openmuc.j60870.ie.IeDoublePointWithQuality;
import org.openmuc.j60870.ie.IeNormalizedValue;
import org.openmuc.j60870.ie.IeQuality;
import org.openmuc.j60870.ie.IeScaledValue;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.IeSinglePointWithQuality;
import org.openmuc.j60870.ie.IeTime24;
import org.openmuc.j60870.ie.IeTime56;
import org.openmuc.j60870.ie.InformationElement;
import org.openmuc.j60870.ie.InformationObject;

/**
 * Monitor-direction ASDUs to readings: single and double points, normalized, scaled and short-float measurands
 * (with and without quality), integrated totals, each with or without a CP24 or CP56 time tag.
 */
final class Decoder {
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private Decoder() {}

    /** Whether the type carries process information this decoder understands. */
    static boolean isMonitor(ASdu asdu) {
        switch (asdu.getTypeIdentification()) {
            case M_SP_NA_1:
            case M_SP_TA_1:
            case M_SP_TB_1:
            case M_DP_NA_1:
            case M_DP_TA_1:
            case M_DP_TB_1:
            case M_ME_NA_1:
            case M_ME_TA_1:
            case M_ME_TD_1:
            case M_ME_ND_1:
            case M_ME_NB_1:
            case M_ME_TB_1:
            case M_ME_TE_1:
            case M_ME_NC_1:
            case M_ME_TC_1:
            case M_ME_TF_1:
            case M_IT_NA_1:
            case M_IT_TA_1:
            case M_IT_TB_1:
                return true;
            default:
                return false;
        }
    }

    /**
     * Calls {@code sink} with each object's reading and information object address; a sequence (SQ=1) numbers its
     * elements from the first address.
     *
     * @param received the reception time, to complete CP24 time tags (minutes and milliseconds only)
     */
    static void decode(ASdu asdu, Instant received, ObjIntConsumer<Reading> sink) {
        InformationObject[] objects = asdu.getInformationObjects();
        if (objects == null) {
            return;
        }
        for (InformationObject o : objects) {
            InformationElement[][] sets = o.getInformationElements();
            for (int i = 0; i < sets.length; i++) {
                Reading r = reading(sets[i], received);
                if (r != null) {
                    sink.accept(r, o.getInformationObjectAddress() + i);
                }
            }
        }
    }

    static List<Reading> decodeAll(ASdu asdu, Instant received) {
        List<Reading> list = new ArrayList<>();
        decode(asdu, received, (r, ioa) -> list.add(r));
        return list;
    }

    private static Reading reading(InformationElement[] elements, Instant received) {
        double value = Double.NaN;
        Quality quality = Quality.GOOD;
        Instant time = null;
        boolean any = false;
        for (InformationElement e : elements) {
            if (e instanceof IeSinglePointWithQuality sp) {
                value = sp.isOn() ? 1 : 0;
                quality = quality(sp.isInvalid(), sp.isNotTopical(), sp.isSubstituted(), sp.isBlocked(), false, "");
                any = true;
            } else if (e instanceof IeDoublePointWithQuality dp) {
                // The raw DPI: 0 intermediate, 1 off, 2 on, 3 indeterminate.
                value = switch (dp.getDoublePointInformation()) {
                    case INDETERMINATE_OR_INTERMEDIATE -> 0;
                    case OFF -> 1;
                    case ON -> 2;
                    case INDETERMINATE -> 3;
                };
                quality = quality(dp.isInvalid(), dp.isNotTopical(), dp.isSubstituted(), dp.isBlocked(), false, "");
                any = true;
            } else if (e instanceof IeScaledValue sv) { // before IeNormalizedValue: it is a subclass
                value = sv.getUnnormalizedValue();
                any = true;
            } else if (e instanceof IeNormalizedValue nv) {
                value = nv.getNormalizedValue();
                any = true;
            } else if (e instanceof IeShortFloat f) {
                value = f.getValue();
                any = true;
            } else if (e instanceof IeQuality q) {
                quality =
                        quality(q.isInvalid(), q.isNotTopical(), q.isSubstituted(), q.isBlocked(), q.isOverflow(), "");
            } else if (e instanceof IeBinaryCounterReading c) {
                value = c.getCounterReading();
                Set<IeBinaryCounterReading.Flag> f = c.getFlags();
                quality = quality(
                        f.contains(IeBinaryCounterReading.Flag.INVALID),
                        false,
                        false,
                        false,
                        f.contains(IeBinaryCounterReading.Flag.CARRY),
                        f.contains(IeBinaryCounterReading.Flag.COUNTER_ADJUSTED) ? "CA" : "");
                any = true;
            } else if (e instanceof IeTime56 t) {
                time = t.isInvalid() ? null : Instant.ofEpochMilli(t.getTimestamp(2000, UTC));
            } else if (e instanceof IeTime24 t) {
                time = fromCp24(t.getTimeInMs(), received);
            }
        }
        if (!any) {
            return null;
        }
        if (quality.isGood() && !Double.isFinite(value)) {
            quality = Quality.invalid(Quality.Reason.OUT_OF_RANGE, "not a finite number");
        }
        return new Reading(value, quality, time);
    }

    /** A CP24 tag holds minutes and milliseconds of the hour: the latest such instant not after reception + 1 min. */
    static Instant fromCp24(int msOfHour, Instant received) {
        long hour = received.toEpochMilli() / 3_600_000L * 3_600_000L;
        long t = hour + msOfHour;
        if (t > received.toEpochMilli() + 60_000) {
            t -= 3_600_000L;
        }
        return Instant.ofEpochMilli(t);
    }

    /**
     * IV makes a value INVALID, any of NT, SB, BL, OV (or a counter's CA) QUESTIONABLE; the reason is the most
     * telling flag (BL, OV, SB, NT), the detail lists all of them.
     */
    static Quality quality(boolean iv, boolean nt, boolean sb, boolean bl, boolean ov, String extra) {
        if (!iv && !nt && !sb && !bl && !ov && extra.isEmpty()) {
            return Quality.GOOD;
        }
        StringBuilder d = new StringBuilder();
        if (iv) d.append("IV ");
        if (nt) d.append("NT ");
        if (sb) d.append("SB ");
        if (bl) d.append("BL ");
        if (ov) d.append("OV ");
        if (!extra.isEmpty()) d.append(extra).append(' ');
        String detail = d.toString().trim();
        Quality.Reason reason = bl
                ? Quality.Reason.BLOCKED
                : ov
                        ? Quality.Reason.OVERFLOW
                        : sb
                                ? Quality.Reason.SUBSTITUTED
                                : nt
                                        ? Quality.Reason.OLD_DATA
                                        : iv ? Quality.Reason.DEVICE_FAILURE : Quality.Reason.OTHER;
        return iv ? Quality.invalid(reason, detail) : Quality.questionable(reason, detail);
    }
}
