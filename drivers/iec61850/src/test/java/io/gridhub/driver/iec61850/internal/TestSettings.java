package io.gridhub.driver.iec61850.internal;

import io.gridhub.driver.iec61850.Iec61850Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.osgi.util.converter.Converters;

/** Typed settings from a few properties, the way the host converts a configuration. */
final class TestSettings {
    private TestSettings() {}

    static Iec61850Settings of(int port, Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", port);
        m.put("timeoutMillis", 2000);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Converters.standardConverter().convert(m).to(Iec61850Settings.class);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
