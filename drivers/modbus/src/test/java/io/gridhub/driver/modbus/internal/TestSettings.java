package io.gridhub.driver.modbus.internal;

import io.gridhub.driver.modbus.ModbusSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.osgi.util.converter.Converters;

/** Typed settings from a few properties, the way the host converts a configuration. */
final class TestSettings {
    private TestSettings() {}

    static ModbusSettings of(int port, Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", port);
        m.put("unitId", 1);
        m.put("timeoutMillis", 1000);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Converters.standardConverter().convert(m).to(ModbusSettings.class);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
