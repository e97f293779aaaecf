package io.gridhub.core.internal.driver;

import static io.gridhub.core.internal.driver.DriverHostTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.PointId;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.driver.testkit.FakeDevice;
import io.gridhub.driver.testkit.FakeDriver;
import io.gridhub.testkit.FakeIngest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the host does for a connection through its DeviceContext: timed work, and a link lost by itself. */
class DeviceContextHostTest {
    private final FakeIngest ingest = new FakeIngest();
    private final DriverHost host =
            new DriverHost(new SampleBusImpl(), new PointRegistryImpl(), () -> ingest, Clock.systemUTC());
    private final FakeDriver driver = new FakeDriver();

    @AfterEach
    void close() {
        host.close();
    }

    /** One point polled once a minute: after the first poll, only the driver's own reports reach the host. */
    private void configure() {
        ingest.mappings.put(
                "y",
                new DeviceMapping(
                        "y",
                        Map.of("slow", 60_000L),
                        List.of(new DeviceMapping.Channel("p", PointId.of("y.p"), "slow"))));
        host.configure("pid1", driver, DriverHostTest.config("y"));
    }

    private DeviceStatus status() {
        return host.device("y").orElseThrow();
    }

    @Test
    void aLinkLostByItselfIsReconnectedWithoutWaitingForAPoll() throws Exception {
        FakeDevice d = driver.device("y");
        configure();
        await("online", () -> status().state() == DeviceState.ONLINE && d.reads() >= 1);

        d.dropLink();
        await("reconnected", () -> status().reconnects() == 1 && status().state() == DeviceState.ONLINE);
        assertThat(d.connects()).isEqualTo(2);
        assertThat(d.openConnections()).isEqualTo(1);
        assertThat(d.reads()).as("the next poll is a minute away").isEqualTo(2);
    }

    @Test
    void timedWorkRunsOnTheDeviceThreadAndEndsWithItsConnection() throws Exception {
        FakeDevice d = driver.device("y").tickEvery(Duration.ofMillis(5));
        configure();
        await("ticks", () -> d.ticks() >= 20);
        assertThat(d.maxConcurrentCalls()).isEqualTo(1);

        d.tickEvery(null).dropLink();
        await("reconnected", () -> status().reconnects() == 1);
        int ticks = d.ticks();
        Thread.sleep(100);
        assertThat(d.ticks())
                .as("the lost connection's task was cancelled by the host")
                .isEqualTo(ticks);
    }
}
