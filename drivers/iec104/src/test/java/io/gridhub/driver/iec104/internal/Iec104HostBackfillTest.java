package io.gridhub.driver.iec104.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.iec104.Iec104Driver;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmuc.j60870.ASduType;
import org.openmuc.j60870.CauseOfTransmission;
import org.openmuc.j60870.ie.IeShortFloat;
import org.openmuc.j60870.ie.IeTime56;
import org.openmuc.j60870.ie.InformationObject;

/**
 * The hub's driver host with the real IEC 104 driver against an outstation on loopback: spontaneous data is pushed
 * (not polled), and after the link was down the time-tagged events the outstation buffered meanwhile reach
 * normalization with their own source times, older than what came before the reconnect; a point nothing back-filled
 * is counted as a gap.
 */
class Iec104HostBackfillTest {
    private static final String DEVICE = "rtu";
    private static final int EVENTS = 3001;

    private final FakeIngest ingest = new FakeIngest();
    private final DriverHost host =
            new DriverHost(new SampleBusImpl(), new PointRegistryImpl(), () -> ingest, Clock.systemUTC());
    private final int port = Ports.free();
    private final TestOutstation outstation = new TestOutstation(port);

    private Map<String, Object> cfg;

    private static FakeIngest mapped(FakeIngest in) {
        return in.map(
                DEVICE,
                Map.of(),
                DeviceMapping.Channel.of("ioa:" + EVENTS, PointId.of("rtu.events")),
                DeviceMapping.Channel.of("ioa:1009", PointId.of("rtu.v")));
    }

    @BeforeEach
    void start() throws Exception {
        outstation.start();
        mapped(ingest);
        cfg = Settings.map(
                "name", DEVICE,
                "host", "127.0.0.1",
                "port", String.valueOf(port),
                "timeoutMillis", "3000",
                "pollMillis", "60000",
                "integrityPollMillis", "0",
                "backfillWaitMillis", "500",
                // The reconnect comes 0.8–1.2 s after the loss: the outstation is back by then (the back-fill window
                // ends where the connect attempt that succeeds begins).
                "backoffMinMillis", "1000",
                "backoffMaxMillis", "1000");
        host.configure("pid-rtu", new Iec104Driver(), cfg);
        await(
                "online and interrogated",
                () -> state() == DeviceState.ONLINE && last("ioa:1009").isPresent());
    }

    @AfterEach
    void stop() {
        host.close();
        outstation.stop();
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(15), condition, what);
    }

    private DeviceState state() {
        return host.device(DEVICE).orElseThrow().state();
    }

    private Optional<RawReading> last(String address) {
        return ingest.last(DEVICE, address);
    }

    private Optional<RawReading> at(String address, Instant t) {
        return at(ingest, address, t);
    }

    private static Optional<RawReading> at(FakeIngest in, String address, Instant t) {
        return in.cycles.stream()
                .flatMap(List::stream)
                .filter(r -> r.address().equals(address) && t.equals(r.sourceTime()))
                .findFirst();
    }

    private void event(double value, Instant t) throws Exception {
        outstation.event(TestOutstation.asdu(
                ASduType.M_ME_TF_1,
                CauseOfTransmission.SPONTANEOUS,
                new InformationObject(
                        EVENTS,
                        new IeShortFloat((float) value),
                        TestOutstation.good(),
                        new IeTime56(t.toEpochMilli(), TestOutstation.UTC, false))));
    }

    @Test
    void spontaneousDataIsPushedThroughTheHostWithItsTimeTag() throws Exception {
        Instant t = Instant.now().minusMillis(5).truncatedTo(ChronoUnit.MILLIS);
        event(17.5, t);
        await("pushed", () -> at("ioa:" + EVENTS, t).isPresent());
        assertThat(at("ioa:" + EVENTS, t).orElseThrow().rawValue()).isEqualTo(17.5);
        assertThat(outstation.interrogations)
                .as("one interrogation on connect, no polling")
                .isEqualTo(1);
    }

    @Test
    void eventsBufferedWhileTheLinkWasDownAreBackFilledWithTheirSourceTimes() throws Exception {
        Instant before = Instant.now().minusMillis(5).truncatedTo(ChronoUnit.MILLIS);
        event(1, before);
        await("live event", () -> at("ioa:" + EVENTS, before).isPresent());

        outstation.stop();
        await("offline", () -> state() == DeviceState.OFFLINE);
        Thread.sleep(20);
        Instant down1 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        event(2, down1);
        Thread.sleep(20);
        Instant down2 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        event(3, down2);
        outstation.start();

        await(
                "back-filled",
                () -> at("ioa:" + EVENTS, down1).isPresent()
                        && at("ioa:" + EVENTS, down2).isPresent());
        assertThat(at("ioa:" + EVENTS, down1).orElseThrow().rawValue()).isEqualTo(2);
        assertThat(at("ioa:" + EVENTS, down2).orElseThrow().rawValue()).isEqualTo(3);
        assertThat(at("ioa:" + EVENTS, down2).orElseThrow().quality())
                .as("GOOD, not stale")
                .isEmpty();
        await("gap of the point nothing back-filled", () -> !host.gaps(DEVICE).isEmpty());
        assertThat(host.gaps(DEVICE))
                .containsEntry(PointId.of("rtu.v"), 1L)
                .doesNotContainKey(PointId.of("rtu.events"));
    }

    @Test
    void eventsBufferedWhileTheHubWasStoppedAreBackFilledAfterItStartsAndTheRestIsAGap() throws Exception {
        Instant before = Instant.now().minusMillis(5).truncatedTo(ChronoUnit.MILLIS);
        event(1, before);
        await("live event", () -> at("ioa:" + EVENTS, before).isPresent());
        // What the store holds when the hub stops: the last source time of each point.
        Map<PointId, Instant> stored = Map.of(
                PointId.of("rtu.events"),
                before,
                PointId.of("rtu.v"),
                last("ioa:1009").orElseThrow().sourceTime());

        host.close();
        await("the outstation has no master", () -> !outstation.hasMaster());
        Thread.sleep(20);
        Instant down1 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        event(2, down1);
        Thread.sleep(20);
        Instant down2 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        event(3, down2);

        FakeIngest after = mapped(new FakeIngest());
        DriverHost restarted = new DriverHost(
                new SampleBusImpl(),
                new PointRegistryImpl(),
                () -> after,
                Clock.systemUTC(),
                p -> Optional.ofNullable(stored.get(p)));
        try {
            restarted.configure("pid-rtu", new Iec104Driver(), cfg);
            await(
                    "back-filled after the restart",
                    () -> at(after, "ioa:" + EVENTS, down1).isPresent()
                            && at(after, "ioa:" + EVENTS, down2).isPresent());
            assertThat(at(after, "ioa:" + EVENTS, down1).orElseThrow().rawValue())
                    .isEqualTo(2);
            assertThat(at(after, "ioa:" + EVENTS, down2).orElseThrow().rawValue())
                    .isEqualTo(3);
            await(
                    "gap of the point nothing back-filled",
                    () -> !restarted.gaps(DEVICE).isEmpty());
            DeviceStatus status = restarted.device(DEVICE).orElseThrow();
            assertThat(status.gaps())
                    .containsEntry(PointId.of("rtu.v"), 1L)
                    .doesNotContainKey(PointId.of("rtu.events"));
            Instant gapFrom = stored.get(PointId.of("rtu.v")).plusMillis(1);
            assertThat(status.lastGapFrom())
                    .as("the outage begins after the last stored sample")
                    .isEqualTo(gapFrom);
            RawReading mark = at(after, "ioa:1009", gapFrom).orElseThrow();
            assertThat(RawReading.fromCode(mark.quality()).reason()).isEqualTo(Quality.Reason.COMMUNICATION_FAILURE);
            assertThat(mark.quality()).contains("gap:");
        } finally {
            restarted.close();
        }
    }
}
