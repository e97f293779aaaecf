package io.gridhub.driver.iec61850;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.driver.AddressException;
import org.junit.jupiter.api.Test;

class Iec61850AddressTest {
    @Test
    void parsesReferenceAndFunctionalConstraint() throws Exception {
        Iec61850Address a = Iec61850Address.parse(" ied1lDevice1/MMXU1.TotW.mag.f[mx] ");
        assertThat(a.reference()).isEqualTo("ied1lDevice1/MMXU1.TotW.mag.f");
        assertThat(a.fc()).isEqualTo("MX");
        assertThat(a.logicalDevice()).isEqualTo("ied1lDevice1");
        assertThat(a.dataObject()).isEqualTo("ied1lDevice1/MMXU1.TotW");
        assertThat(Iec61850Address.parse(a.toString())).isEqualTo(a);
        assertThat(Iec61850Address.parse("LD0/GGIO1.SPCSO1[CO]").dataObject()).isEqualTo("LD0/GGIO1.SPCSO1");
    }

    @Test
    void badAddressesNameWhatIsWrong() {
        assertThatThrownBy(() -> Iec61850Address.parse("LD0/MMXU1.TotW.mag.f"))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining("no functional constraint");
        assertThatThrownBy(() -> Iec61850Address.parse("LD0/MMXU1.TotW[XX]"))
                .hasMessageContaining("unknown functional constraint 'XX'");
        assertThatThrownBy(() -> Iec61850Address.parse("MMXU1.TotW[MX]")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> Iec61850Address.parse("LD0/MMXU1[MX]")).hasMessageContaining("no data object");
        assertThatThrownBy(() -> Iec61850Address.parse("LD0/MMXU1.Tot W[MX]")).hasMessageContaining("'Tot W'");
        assertThatThrownBy(() -> Iec61850Address.parse("")).hasMessageContaining("empty");
    }
}
