package io.gridhub.driver.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.testkit.FakeIngest;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's driver host with the real OPC UA driver against node-opcua on loopback: the host subscribes (monitored
 * items) and the values the server changes every 100 ms reach normalization with their source times, while the
 * device's poll period is a minute.
 */
@Timeout(180)
class OpcUaHostPushTest {
    private static final String DEVICE = "peer";
    private static final String D0 = "ns=1;s=Sim.D0000";

    private final int port = Ports.free();
    private final FakeIngest ingest = new FakeIngest();
    private final DriverHost host =
            new DriverHost(new SampleBusImpl(), new PointRegistryImpl(), () -> ingest, Clock.systemUTC());
    private PeerProcess peer;

    @TempDir
    Path pki;

    @AfterEach
    void stop() throws Exception {
        host.close();
        if (peer != null) {
            peer.stop();
        }
    }

    private List<RawReading> readings(String address) {
        return ingest.cycles.stream()
                .flatMap(List::stream)
                .filter(r -> r.address().equals(address) && r.quality().isEmpty())
                .toList();
    }

    @Test
    void monitoredItemsArePushedThroughTheHostBetweenPolls() throws Exception {
        peer = NodePeers.server(port, 3, 100).start();
        ingest.map(
                DEVICE,
                Map.of(),
                DeviceMapping.Channel.of(D0, PointId.of("peer.d0")),
                DeviceMapping.Channel.of("ns=1;s=Sim.D0001", PointId.of("peer.d1")));
        Map<String, Object> cfg = Settings.map(
                "name", DEVICE,
                "endpointUrl", "opc.tcp://127.0.0.1:" + port + "/peer",
                "pkiDir", pki.toString(),
                "requestTimeoutMillis", "3000",
                "connectTimeoutMillis", "3000",
                "samplingIntervalMillis", "50",
                "publishingIntervalMillis", "50",
                "pollMillis", "60000",
                "integrityPollMillis", "0");
        host.configure("pid-peer", new OpcUaDriver(), cfg);
        Waits.until(
                Duration.ofSeconds(30),
                () -> host.device(DEVICE).orElseThrow().state() == DeviceState.ONLINE,
                "online");
        Waits.until(Duration.ofSeconds(20), () -> readings(D0).size() >= 10, "ten values of D0000");
        assertThat(readings(D0)).allSatisfy(r -> assertThat(r.sourceTime()).isNotNull());
        assertThat(readings(D0).stream().map(RawReading::rawValue).distinct().count())
                .as("changes, not one value read again")
                .isGreaterThanOrEqualTo(5);
        assertThat(host.device(DEVICE).orElseThrow().reads())
                .as("read once on connect; every other value was pushed")
                .isEqualTo(1);
    }
}
