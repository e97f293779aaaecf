package io.gridhub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.driver.AddressException;
import org.junit.jupiter.api.Test;

class ModbusAddressTest {
    @Test
    void parsesTablesTypesAndOrders() throws Exception {
        assertThat(ModbusAddress.parse("hr:100:float32"))
                .isEqualTo(new ModbusAddress(Table.HOLDING, 100, DataType.FLOAT32, WordOrder.ABCD));
        assertThat(ModbusAddress.parse("ir:0"))
                .isEqualTo(new ModbusAddress(Table.INPUT, 0, DataType.UINT16, WordOrder.ABCD));
        assertThat(ModbusAddress.parse("HOLDING:7:int32:CDAB").order()).isEqualTo(WordOrder.CDAB);
        assertThat(ModbusAddress.parse("coil:3"))
                .isEqualTo(new ModbusAddress(Table.COIL, 3, DataType.BOOL, WordOrder.ABCD));
        assertThat(ModbusAddress.parse("di:7:bool").table()).isEqualTo(Table.DISCRETE);
        assertThat(ModbusAddress.parse("hr:65532:float64").end()).isEqualTo(65536);
    }

    @Test
    void printsCanonically() throws Exception {
        assertThat(ModbusAddress.parse("holding:5").toString()).isEqualTo("hr:5:uint16");
        assertThat(ModbusAddress.parse("hr:5:int32:dcba").toString()).isEqualTo("hr:5:int32:dcba");
        assertThat(ModbusAddress.parse("co:1").toString()).isEqualTo("coil:1");
    }

    @Test
    void errorsNameTheAddressAndTheProblem() {
        assertThatThrownBy(() -> ModbusAddress.parse("xx:1"))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining("'xx:1'")
                .hasMessageContaining("unknown table 'xx'");
        assertThatThrownBy(() -> ModbusAddress.parse("hr:abc")).hasMessageContaining("'abc' is not a number");
        assertThatThrownBy(() -> ModbusAddress.parse("hr:1:float16")).hasMessageContaining("unknown type 'float16'");
        assertThatThrownBy(() -> ModbusAddress.parse("hr:65535:float32")).hasMessageContaining("out of 0..65535");
        assertThatThrownBy(() -> ModbusAddress.parse("hr:-1")).hasMessageContaining("out of");
        assertThatThrownBy(() -> ModbusAddress.parse("coil:1:uint16")).hasMessageContaining("holds bits");
        assertThatThrownBy(() -> ModbusAddress.parse("hr:1:uint16:xyzw")).hasMessageContaining("unknown order");
        assertThatThrownBy(() -> ModbusAddress.parse("hr")).hasMessageContaining("TABLE:ADDRESS");
        assertThatThrownBy(() -> ModbusAddress.parse(" ")).hasMessageContaining("empty");
    }
}
