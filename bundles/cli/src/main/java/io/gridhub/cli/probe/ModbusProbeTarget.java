package io.gridhub.cli.probe;

import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import java.net.URI;
import java.util.Map;

/** {@code modbus://HOST[:PORT]?unit=N&timeout=MS}: Modbus TCP through the hub's own driver. */
public final class ModbusProbeTarget extends UrlProbeTarget<ModbusSettings> {
    public ModbusProbeTarget() {
        super(new Form<>(
                "modbus",
                "modbus://HOST[:PORT]?unit=N&timeout=MS; addresses TABLE:ADDR[:TYPE[:ORDER]] like hr:100:float32, "
                        + "ir:0:uint16, coil:3, di:7",
                ModbusSettings.class,
                502,
                Map.of("unit", "unitId", "timeout", "timeoutMillis"),
                ModbusDriver::new));
    }

    @Override
    void check(URI url, ModbusSettings s) throws ProbeException {
        if (s.unitId() < 0 || s.unitId() > 255) {
            throw UrlSettings.bad(url, "unit " + s.unitId() + " out of 0..255");
        }
        if (s.timeoutMillis() < 1) {
            throw UrlSettings.bad(url, "timeout must be ≥ 1 ms");
        }
    }
}
