package io.gridhub.driver.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.driver.AddressException;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.opcua.OpcUaDriver;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.junit.jupiter.api.Test;

class OpcUaAddressAndQualityTest {
    private final OpcUaDriver driver = new OpcUaDriver();

    @Test
    void nodeIdsParseAndPrintBack() throws Exception {
        for (String s : new String[] {
            "ns=1;s=Sim.D0000", "ns=2;i=1042", "i=2258", "ns=3;g=09087e75-8e5e-499b-954f-f2a9603db28a", "ns=1;s=a;b=c"
        }) {
            NodeId id = driver.parseAddress(s);
            assertThat(driver.parseAddress(driver.format(id))).isEqualTo(id);
        }
        assertThat(driver.parseAddress("ns=1;s=Sim.Setpoint")).isEqualTo(new NodeId(1, "Sim.Setpoint"));
    }

    @Test
    void malformedAddressesNameTheAddress() {
        for (String s : new String[] {"Sim.D0000", "ns=x;s=a", "ns=1;i=abc", ""}) {
            assertThatThrownBy(() -> driver.parseAddress(s))
                    .isInstanceOf(AddressException.class)
                    .hasMessageContaining("'" + s + "'");
        }
    }

    @Test
    void statusCodesBecomeQualitiesAndTimesComeFromSourceThenServer() {
        Instant src = Instant.parse("2026-01-01T00:00:00Z");
        Instant srv = Instant.parse("2026-01-01T00:00:01Z");
        Reading good = DataValues.toReading(
                new DataValue(new Variant(4.5), StatusCode.GOOD, new DateTime(src), new DateTime(srv)));
        assertThat(good.value()).isEqualTo(4.5);
        assertThat(good.quality()).isEqualTo(Quality.GOOD);
        assertThat(good.sourceTime()).isEqualTo(src);
        Reading serverOnly = DataValues.toReading(
                new DataValue(new Variant(UShort.valueOf(7)), StatusCode.GOOD, null, new DateTime(srv)));
        assertThat(serverOnly.value()).isEqualTo(7);
        assertThat(serverOnly.sourceTime()).isEqualTo(srv);

        Reading unknown = DataValues.toReading(new DataValue(new StatusCode(StatusCodes.Bad_NodeIdUnknown)));
        assertThat(unknown.quality().status()).isEqualTo(Quality.Status.INVALID);
        assertThat(unknown.quality().reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
        assertThat(unknown.quality().detail()).contains("Bad_NodeIdUnknown");

        Reading lastUsable = DataValues.toReading(
                new DataValue(new Variant(1.0), new StatusCode(StatusCodes.Uncertain_LastUsableValue)));
        assertThat(lastUsable.quality().status()).isEqualTo(Quality.Status.QUESTIONABLE);
        assertThat(lastUsable.quality().reason()).isEqualTo(Quality.Reason.OLD_DATA);
        assertThat(lastUsable.value()).isEqualTo(1.0);

        assertThat(DataValues.quality(new StatusCode(StatusCodes.Bad_CommunicationError))
                        .reason())
                .isEqualTo(Quality.Reason.COMMUNICATION_FAILURE);
        assertThat(DataValues.quality(new StatusCode(StatusCodes.Bad_SensorFailure))
                        .reason())
                .isEqualTo(Quality.Reason.DEVICE_FAILURE);
        Reading text = DataValues.toReading(new DataValue(new Variant("on"), StatusCode.GOOD, null, null));
        assertThat(text.quality().status()).isEqualTo(Quality.Status.INVALID);
    }

    @Test
    void writesConvertToTheNodesTypeOrRefuse() {
        assertThat(OpcUaConnection.convert(42.5, Double.class)).isEqualTo(42.5);
        assertThat(OpcUaConnection.convert(42.5, Float.class)).isEqualTo(42.5f);
        assertThat(OpcUaConnection.convert(7, Short.class)).isEqualTo((short) 7);
        assertThat(OpcUaConnection.convert(7.5, Integer.class)).isNull();
        assertThat(OpcUaConnection.convert(-1, UShort.class)).isNull();
        assertThat(OpcUaConnection.convert(1, Boolean.class)).isEqualTo(true);
    }
}
