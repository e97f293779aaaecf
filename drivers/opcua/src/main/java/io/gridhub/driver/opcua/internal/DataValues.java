package io.gridhub.driver.opcua.internal;

import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Quality.Reason;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** OPC UA data values and status codes as gridhub readings and qualities. */
final class DataValues {
    private DataValues() {}

    /**
     * A data value as a reading: the status code becomes the quality (Good → GOOD, Uncertain → QUESTIONABLE, Bad →
     * INVALID, with the reason its code means), the source time stamp becomes the reading's time, or the server time
     * stamp when the source gave none (the hub adds the receive time).
     */
    static Reading toReading(DataValue dv) {
        Instant time = time(dv.getSourceTime());
        if (time == null) {
            time = time(dv.getServerTime());
        }
        StatusCode status = dv.getStatusCode() == null ? StatusCode.GOOD : dv.getStatusCode();
        Quality quality = quality(status);
        Object v = dv.getValue() == null ? null : dv.getValue().getValue();
        double value = number(v);
        if (Double.isNaN(value) && quality.status() != Quality.Status.INVALID) {
            String what = v == null ? "no value" : "a " + v.getClass().getSimpleName() + ", not a number";
            return new Reading(Double.NaN, Quality.invalid(Reason.CONFIGURATION_ERROR, what), time);
        }
        if (!Double.isFinite(value) && quality.isGood()) {
            return new Reading(value, Quality.questionable(Reason.OUT_OF_RANGE, "value " + value), time);
        }
        return new Reading(value, quality, time);
    }

    static Instant time(DateTime t) {
        if (t == null || t.getUtcTime() <= 0) {
            return null;
        }
        return t.getJavaInstant();
    }

    /** A number from a scalar value (booleans 0/1, times as epoch seconds), NaN when it is none. */
    static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof UByte u) {
            return u.doubleValue();
        }
        if (v instanceof UShort u) {
            return u.doubleValue();
        }
        if (v instanceof UInteger u) {
            return u.doubleValue();
        }
        if (v instanceof ULong u) {
            return u.doubleValue();
        }
        if (v instanceof DateTime t) {
            // A time value (e.g. a last-change stamp) as seconds since 1970, the unit gridhub's points use for times.
            return t.getJavaTime() / 1000.0;
        }
        return Double.NaN;
    }

    static Quality quality(StatusCode status) {
        long code = status.getValue() & 0xFFFF0000L; // the sub-code without info bits
        if (status.isGood()) {
            if (code == StatusCodes.Good_LocalOverride) {
                return Quality.questionable(Reason.SUBSTITUTED, name(status));
            }
            return status.isOverflowSet() ? Quality.questionable(Reason.OVERFLOW, name(status)) : Quality.GOOD;
        }
        Reason reason = reason(code);
        return status.isUncertain()
                ? Quality.questionable(reason, name(status))
                : Quality.invalid(reason, name(status));
    }

    private static Reason reason(long code) {
        if (code == StatusCodes.Uncertain_LastUsableValue) {
            return Reason.OLD_DATA;
        }
        if (code == StatusCodes.Uncertain_SubstituteValue || code == StatusCodes.Uncertain_InitialValue) {
            return Reason.SUBSTITUTED;
        }
        if (code == StatusCodes.Uncertain_EngineeringUnitsExceeded
                || code == StatusCodes.Bad_OutOfRange
                || code == StatusCodes.Uncertain_SensorNotAccurate) {
            return Reason.OUT_OF_RANGE;
        }
        if (code == StatusCodes.Bad_OutOfService) {
            return Reason.BLOCKED;
        }
        if (code == StatusCodes.Bad_DeviceFailure
                || code == StatusCodes.Bad_SensorFailure
                || code == StatusCodes.Uncertain_SensorCalibration) {
            return Reason.DEVICE_FAILURE;
        }
        if (code == StatusCodes.Bad_CommunicationError
                || code == StatusCodes.Bad_NoCommunication
                || code == StatusCodes.Bad_ServerNotConnected
                || code == StatusCodes.Bad_Timeout
                || code == StatusCodes.Uncertain_NoCommunicationLastUsableValue) {
            return Reason.COMMUNICATION_FAILURE;
        }
        if (code == StatusCodes.Bad_NotConnected || code == StatusCodes.Bad_WaitingForInitialData) {
            return Reason.NOT_CONNECTED;
        }
        if (code == StatusCodes.Bad_NodeIdUnknown
                || code == StatusCodes.Bad_NodeIdInvalid
                || code == StatusCodes.Bad_AttributeIdInvalid
                || code == StatusCodes.Bad_NotReadable
                || code == StatusCodes.Bad_NotWritable
                || code == StatusCodes.Bad_TypeMismatch
                || code == StatusCodes.Bad_UserAccessDenied
                || code == StatusCodes.Bad_NotSupported
                || code == StatusCodes.Bad_IndexRangeInvalid) {
            return Reason.CONFIGURATION_ERROR;
        }
        return Reason.OTHER;
    }

    /** The status code's symbolic name, e.g. Bad_NodeIdUnknown (0x80340000). */
    static String name(StatusCode status) {
        String hex = String.format("0x%08X", status.getValue());
        return StatusCodes.lookup(status.getValue() & 0xFFFF0000L)
                .map(a -> a[0] + " (" + hex + ")")
                .orElse(hex);
    }
}
