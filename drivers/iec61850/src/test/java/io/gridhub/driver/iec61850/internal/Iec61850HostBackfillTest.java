package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.iec61850.Iec61850Driver;
import io.gridhub.testkit.FakeIngest;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hub's driver host with the real IEC 61850 driver against the example IED on loopback: a buffered report
 * control block's values are pushed (not polled), and after the IED was away the entries it buffered meanwhile are
 * resent on the reconnect (the last entry id written before enabling) and reach normalization with their own time
 * stamps; a member nothing dated inside the outage is counted as a gap.
 */
@Timeout(120)
class Iec61850HostBackfillTest {
    private static final String DEVICE = "ied";
    private static final String TOTW = TestIed.LD + "/MMXU1.TotW.mag.f[MX]";
    private static final String HZ = TestIed.LD + "/MMXU1.Hz.mag.f[MX]";

    private final FakeIngest ingest = new FakeIngest();
    private final DriverHost host =
            new DriverHost(new SampleBusImpl(), new PointRegistryImpl(), () -> ingest, Clock.systemUTC());
    private final int port = Ports.free();
    private final TestIed ied = new TestIed(port);

    @AfterEach
    void stop() {
        host.close();
        ied.stop();
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(20), condition, what);
    }

    private DeviceState state() {
        return host.device(DEVICE).orElseThrow().state();
    }

    private Optional<RawReading> at(String address, Instant t) {
        return ingest.cycles.stream()
                .flatMap(List::stream)
                .filter(r -> r.address().equals(address) && t.equals(r.sourceTime()))
                .findFirst();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void entriesBufferedWhileTheIedWasAwayAreBackFilledWithTheirTimeStamps() throws Exception {
        ied.start();
        ingest.map(
                DEVICE,
                Map.of(),
                DeviceMapping.Channel.of(TOTW, PointId.of("ied.p")),
                DeviceMapping.Channel.of(HZ, PointId.of("ied.f")));
        host.configure(
                "pid-ied",
                new Iec61850Driver(),
                Settings.map(
                        "name", DEVICE,
                        "host", "127.0.0.1",
                        "port", String.valueOf(port),
                        "timeoutMillis", "2000",
                        "reports", TestIed.BRCB,
                        "reportGi", "false",
                        "pollMillis", "60000",
                        "integrityPollMillis", "0",
                        "backfillWaitMillis", "1000",
                        // The reconnect comes 0.8–1.2 s after the loss: the IED is back and has buffered by then.
                        "backoffMinMillis", "1000",
                        "backoffMaxMillis", "1000"));
        await(
                "online",
                () -> state() == DeviceState.ONLINE && ingest.last(DEVICE, TOTW).isPresent());

        Instant live = now();
        ied.setMeasurement(TestIed.LD + "/MMXU1.TotW", 10, live);
        ied.brcb.addEntry();
        await("pushed by the report", () -> at(TOTW, live).isPresent());
        assertThat(at(TOTW, live).orElseThrow().rawValue()).isEqualTo(10);

        ied.stop();
        await("offline", () -> state() == DeviceState.OFFLINE);
        ied.start();
        Instant down1 = now();
        ied.setMeasurement(TestIed.LD + "/MMXU1.TotW", 11, down1);
        ied.brcb.addEntry();
        Thread.sleep(5);
        Instant down2 = now();
        ied.setMeasurement(TestIed.LD + "/MMXU1.TotW", 12, down2);
        ied.brcb.addEntry();

        await(
                "back-filled",
                () -> at(TOTW, down1).isPresent() && at(TOTW, down2).isPresent());
        assertThat(at(TOTW, down1).orElseThrow().rawValue()).isEqualTo(11);
        assertThat(at(TOTW, down2).orElseThrow().rawValue()).isEqualTo(12);
        assertThat(at(TOTW, down2).orElseThrow().quality())
                .as("GOOD, not stale")
                .isEmpty();
        await(
                "gap of the member nothing dated inside the outage",
                () -> !host.gaps(DEVICE).isEmpty());
        assertThat(host.gaps(DEVICE)).containsEntry(PointId.of("ied.f"), 1L).doesNotContainKey(PointId.of("ied.p"));
    }
}
