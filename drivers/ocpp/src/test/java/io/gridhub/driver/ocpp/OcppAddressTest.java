package io.gridhub.driver.ocpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.driver.AddressException;
import org.junit.jupiter.api.Test;

class OcppAddressTest {
    @Test
    void parsesMeasurandsWithPhasesAndTheSpecialNames() throws AddressException {
        assertThat(OcppAddress.parse("1:Power.Active.Import")).isEqualTo(new OcppAddress(1, "Power.Active.Import", ""));
        assertThat(OcppAddress.parse("2:Voltage:L1-N")).isEqualTo(new OcppAddress(2, "Voltage", "L1-N"));
        assertThat(OcppAddress.parse("0:status").isMeasurand()).isFalse();
        assertThat(OcppAddress.parse("1:SoC").isMeasurand()).isTrue();
        for (String text : new String[] {"1:Energy.Active.Import.Register", "0:status", "3:limit", "1:Voltage:L3"}) {
            assertThat(OcppAddress.parse(text).toString()).isEqualTo(text);
        }
    }

    @Test
    void refusesWhatIsNotAnAddressSayingWhy() {
        assertThatThrownBy(() -> OcppAddress.parse("Power.Active.Import")).hasMessageContaining("CONNECTOR:NAME");
        assertThatThrownBy(() -> OcppAddress.parse("x:SoC")).hasMessageContaining("number");
        assertThatThrownBy(() -> OcppAddress.parse("-1:SoC")).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> OcppAddress.parse("1:Power")).hasMessageContaining("unknown name");
        assertThatThrownBy(() -> OcppAddress.parse("1:Voltage:L4")).hasMessageContaining("phase");
        assertThatThrownBy(() -> OcppAddress.parse("1:status:L1")).hasMessageContaining("phase");
        assertThatThrownBy(() -> OcppAddress.parse("0:limit")).hasMessageContaining("connector of 1");
    }
}
