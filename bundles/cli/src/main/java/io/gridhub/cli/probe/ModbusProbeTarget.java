package io.gridhub.cli.probe;

import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import java.net.URI;
import java.util.Map;

/** {@code modbus://HOST[:PORT]?unit=N&timeout=MS}: Modbus TCP through the hub's own driver. */
public final class ModbusProbeTarget implements ProbeTarget {
    @Override
    public String scheme() {
        return "modbus";
    }

    @Override
    public String usage() {
        return "modbus://HOST[:PORT]?unit=N&timeout=MS; addresses TABLE:ADDR[:TYPE[:ORDER]] like hr:100:float32, "
                + "ir:0:uint16, coil:3, di:7";
    }

    @Override
    public Resolved<?, ?> resolve(URI url) throws ProbeException {
        ModbusSettings s =
                UrlSettings.of(url, ModbusSettings.class, 502, Map.of("unit", "unitId", "timeout", "timeoutMillis"));
        if (s.port() < 1 || s.port() > 65535) {
            throw new ProbeException("bad URL '" + url + "': port " + s.port() + " out of 1..65535");
        }
        if (s.unitId() < 0 || s.unitId() > 255) {
            throw new ProbeException("bad URL '" + url + "': unit " + s.unitId() + " out of 0..255");
        }
        if (s.timeoutMillis() < 1) {
            throw new ProbeException("bad URL '" + url + "': timeout must be ≥ 1 ms");
        }
        return new Resolved<>(new ModbusDriver(), s);
    }
}
