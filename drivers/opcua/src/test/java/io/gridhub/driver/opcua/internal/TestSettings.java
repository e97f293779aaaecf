package io.gridhub.driver.opcua.internal;

import io.gridhub.driver.opcua.OpcUaSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.osgi.util.converter.Converters;

/** Settings as the hub would convert them from a configuration. */
final class TestSettings {
    private TestSettings() {}

    static OpcUaSettings of(String url, Path pki, Map<String, Object> more) {
        Map<String, Object> m = new HashMap<>(more);
        m.put("endpointUrl", url);
        m.put("pkiDir", pki.toString());
        m.putIfAbsent("requestTimeoutMillis", 3000);
        m.putIfAbsent("connectTimeoutMillis", 3000);
        return Converters.standardConverter().convert(m).to(OpcUaSettings.class);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
