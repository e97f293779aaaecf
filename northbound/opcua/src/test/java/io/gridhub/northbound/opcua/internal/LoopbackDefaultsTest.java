package io.gridhub.northbound.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridhub.testkit.FakeHub;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Prerequisites;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server is reachable from this machine only unless configured otherwise, and then only with security. */
@Timeout(60)
class LoopbackDefaultsTest {
    @TempDir
    Path dir;

    private OpcUaServerComponent.Config config(Map<String, Object> settings) {
        Map<String, Object> m = new HashMap<>(settings);
        m.putIfAbsent("pkiDir", dir.resolve("pki").toString());
        return Settings.of(OpcUaServerComponent.Config.class, m);
    }

    @Test
    void defaultsBindLoopbackWithoutAnonymousOrTrustAll() {
        ServerOptions o = OpcUaServerComponent.options(config(Map.of()));
        assertThat(o.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(o.securityModes()).containsExactly("sign", "encrypt");
        assertThat(o.allowAnonymous()).isFalse();
        assertThat(o.trustAllClients()).isFalse();
    }

    @Test
    void theDemoSettingsAreAcceptedOnLoopback() {
        for (String loopback : List.of("127.0.0.1", "localhost", "::1", "127.0.0.2")) {
            ServerOptions o = OpcUaServerComponent.options(config(Map.of(
                    "bindAddress",
                    loopback,
                    "securityModes",
                    "none,sign,encrypt",
                    "allowAnonymous",
                    true,
                    "trustAllClients",
                    true)));
            assertThat(o.securityModes()).containsExactly("none", "sign", "encrypt");
        }
    }

    @Test
    void noneAnonymousAndTrustAllAreRefusedOffLoopback() {
        for (String open : List.of("0.0.0.0", "::", "192.0.2.2")) {
            assertThatThrownBy(() -> OpcUaServerComponent.options(
                            config(Map.of("bindAddress", open, "securityModes", "none,sign,encrypt"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bindAddress " + open + " is not a loopback address")
                    .hasMessageContaining("securityModes offers none");
            assertThatThrownBy(() ->
                            OpcUaServerComponent.options(config(Map.of("bindAddress", open, "allowAnonymous", true))))
                    .hasMessageContaining("allowAnonymous = true")
                    .hasMessageNotContaining("securityModes offers none");
            assertThatThrownBy(() ->
                            OpcUaServerComponent.options(config(Map.of("bindAddress", open, "trustAllClients", true))))
                    .hasMessageContaining("trustAllClients = true");
            // Signed and encrypted, users only, trusted certificates only: allowed on any address.
            assertThat(OpcUaServerComponent.options(config(Map.of("bindAddress", open)))
                            .bindAddress())
                    .isEqualTo(open);
        }
        assertThatThrownBy(() -> OpcUaServerComponent.options(config(Map.of("bindAddress", " "))))
                .hasMessageContaining("bindAddress is empty");
    }

    @Test
    void theDefaultServerCannotBeReachedFromTheNetworkAndKeepsItsKeyPrivate() throws Exception {
        Optional<InetAddress> lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(ni -> isUp(ni))
                .flatMap(ni -> Collections.list(ni.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        int port = Ports.free();
        ServerOptions o = OpcUaServerComponent.options(config(Map.of("port", port)));
        FakeHub hub = DemoHub.hub();
        try (NorthboundServer server = DemoHub.server(o, hub, RecordingAuditTrail::new)) {
            server.start();
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(dir.resolve("pki/own/gridhub-server.p12"))))
                        .isEqualTo("rw-------");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                assertThat(s.isConnected()).isTrue();
            }
            assumeTrue(
                    Prerequisites.ofTheMachine(
                            lan.isPresent(), "a non-loopback IPv4 address", "a network interface that has one"),
                    "this machine has no non-loopback IPv4 address to try");
            try (Socket s = new Socket()) {
                assertThatThrownBy(() -> s.connect(new InetSocketAddress(lan.get(), port), 2000))
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    private static boolean isUp(NetworkInterface ni) {
        try {
            return ni.isUp();
        } catch (IOException e) {
            return false;
        }
    }
}
