package io.gridhub.northbound.opcua.internal;

import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/** gridhub samples as OPC UA data values: quality as status code, source and received time as the two stamps. */
final class Qualities {
    private Qualities() {}

    static DataValue toDataValue(Sample s) {
        Variant v = Double.isFinite(s.value()) ? new Variant(s.value()) : Variant.NULL_VALUE;
        return new DataValue(v, status(s.quality()), new DateTime(s.sourceTime()), new DateTime(s.receivedTime()));
    }

    static StatusCode status(Quality q) {
        if (q.isGood()) {
            return StatusCode.GOOD;
        }
        boolean uncertain = q.status() == Quality.Status.QUESTIONABLE;
        long code = switch (q.reason()) {
            case OLD_DATA -> uncertain ? StatusCodes.Uncertain_LastUsableValue : StatusCodes.Bad_OutOfService;
            case OUT_OF_RANGE ->
                uncertain ? StatusCodes.Uncertain_EngineeringUnitsExceeded : StatusCodes.Bad_OutOfRange;
            case COMMUNICATION_FAILURE ->
                uncertain ? StatusCodes.Uncertain_NoCommunicationLastUsableValue : StatusCodes.Bad_CommunicationError;
            case DEVICE_FAILURE -> uncertain ? StatusCodes.Uncertain_SensorNotAccurate : StatusCodes.Bad_DeviceFailure;
            case CONFIGURATION_ERROR -> uncertain ? StatusCodes.Uncertain : StatusCodes.Bad_ConfigurationError;
            case SUBSTITUTED -> uncertain ? StatusCodes.Uncertain_SubstituteValue : StatusCodes.Bad;
            case BLOCKED -> uncertain ? StatusCodes.Uncertain : StatusCodes.Bad_OutOfService;
            case NOT_CONNECTED ->
                uncertain ? StatusCodes.Uncertain_NoCommunicationLastUsableValue : StatusCodes.Bad_NotConnected;
            default -> uncertain ? StatusCodes.Uncertain : StatusCodes.Bad;
        };
        return new StatusCode(code);
    }
}
