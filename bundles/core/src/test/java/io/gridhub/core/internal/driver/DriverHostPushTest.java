package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.driver.testkit.FakeDevice;
import io.gridhub.driver.testkit.FakeDriver;
import io.gridhub.testkit.FakeIngest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A device whose connection pushes ({@code Subscribable}): the host subscribes, hands the pushed readings to
 * normalization with their source times, polls only what is not pushed (plus the integrity poll), and after a lost
 * link takes what the device buffered and counts what nothing back-filled as a gap.
 */
class DriverHostPushTest {
    private final SampleBusImpl bus = new SampleBusImpl();
    private final FakeIngest ingest = new FakeIngest();
    private final DriverHost host = new DriverHost(bus, new PointRegistryImpl(), () -> ingest, Clock.systemUTC());
    private final FakeDriver driver = new FakeDriver();

    @AfterEach
    void close() {
        host.close();
    }

    /** p and q pushed, bad7 not (the fake answers it CONFIGURATION_ERROR at subscribe); all in one fast group. */
    private FakeDevice start(String device, Map<String, Object> extra) {
        ingest.map(
                device,
                Map.of("fast", 20L),
                new DeviceMapping.Channel("p", PointId.of(device + ".p"), "fast"),
                new DeviceMapping.Channel("q", PointId.of(device + ".q"), "fast"),
                new DeviceMapping.Channel("bad7", PointId.of(device + ".bad"), "fast"));
        FakeDevice d = driver.device(device).pushing(true).set("p", 1).set("q", 2);
        Map<String, Object> cfg = DriverHostTest.config(device);
        cfg.putAll(extra);
        host.configure("pid-" + device, driver, cfg);
        DriverHostTest.await("online", () -> host.device(device).orElseThrow().state() == DeviceState.ONLINE);
        return d;
    }

    private List<RawReading> all(String address) {
        return ingest.cycles.stream()
                .flatMap(List::stream)
                .filter(r -> r.address().equals(address))
                .toList();
    }

    private Optional<RawReading> at(String address, Instant t) {
        return all(address).stream().filter(r -> t.equals(r.sourceTime())).findFirst();
    }

    @Test
    void pushedValuesReachNormalizationWithTheirSourceTimeAndArePolledOnlyOnConnect() throws Exception {
        FakeDevice d = start("x", Map.of("integrityPollMillis", "0"));
        DriverHostTest.await(
                "first read of every channel",
                () -> all("p").size() == 1 && all("bad7").size() >= 3);
        Instant t = Instant.parse("2026-12-07T10:00:00.123Z");
        d.push("p", 42, t);
        DriverHostTest.await("pushed value", () -> at("p", t).isPresent());
        assertThat(at("p", t).orElseThrow().rawValue()).isEqualTo(42);
        Thread.sleep(200);
        assertThat(all("p")).as("read once on connect, then pushed only").hasSize(2);
        assertThat(all("q")).hasSize(1);
        assertThat(all("bad7").size())
                .as("not pushed: still polled every 20 ms")
                .isGreaterThan(5);
        assertThat(bus.latest(PointId.of("x.p")))
                .as("normalization publishes, not the host")
                .isEmpty();
    }

    @Test
    void pushedChannelsAreReadAgainAtTheIntegrityPeriod() throws Exception {
        start("x", Map.of("integrityPollMillis", "50"));
        DriverHostTest.await("integrity reads", () -> all("q").size() >= 4);
    }

    @Test
    void withSubscribeOffEveryChannelIsPolled() throws Exception {
        FakeDevice d = start("x", Map.of("subscribe", "false"));
        DriverHostTest.await("polled", () -> all("q").size() >= 5);
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        d.push("p", 42, t);
        Thread.sleep(100);
        assertThat(at("p", t)).as("no subscription: the push is nobody's").isEmpty();
    }

    @Test
    void afterALostLinkBufferedValuesAreBackFilledAndWhatIsMissingIsAGap() throws Exception {
        FakeDevice d = start("x", Map.of("integrityPollMillis", "0", "backfillWaitMillis", "300"));
        DriverHostTest.await("first read", () -> all("p").size() == 1);
        d.up(false).dropLink();
        DriverHostTest.await("offline", () -> host.device("x").orElseThrow().state() == DeviceState.OFFLINE);
        // While the link is down the device buffers time-tagged values of p, none of q.
        Thread.sleep(120);
        Instant during1 = Instant.now().minusMillis(60);
        Instant during2 = Instant.now().minusMillis(30);
        d.push("p", 7, during1).push("p", 8, during2);
        d.up(true);
        DriverHostTest.await(
                "back-filled",
                () -> at("p", during1).isPresent() && at("p", during2).isPresent());
        assertThat(at("p", during2).orElseThrow().rawValue()).isEqualTo(8);
        DriverHostTest.await("gap of q counted", () -> !host.gaps("x").isEmpty());
        assertThat(host.gaps("x")).containsEntry(PointId.of("x.q"), 1L).doesNotContainKey(PointId.of("x.p"));
        RawReading marker = all("q").stream()
                .filter(r -> r.quality().contains("gap:"))
                .findFirst()
                .orElseThrow();
        Quality q = RawReading.fromCode(marker.quality());
        assertThat(q.reason()).isEqualTo(Quality.Reason.COMMUNICATION_FAILURE);
        assertThat(marker.sourceTime()).as("the gap starts at the loss").isBefore(during1);
        DeviceStatus status = host.device("x").orElseThrow();
        assertThat(status.gaps()).as("in the device's status").isEqualTo(host.gaps("x"));
        assertThat(status.gapCount())
                .isEqualTo(status.gaps().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isPositive();
        assertThat(status.lastGapFrom()).isEqualTo(marker.sourceTime());
        assertThat(status.lastGapTo()).isAfter(during2);
    }

    @Test
    void aReadingHandedToTheSubscriberForAPolledChannelIsHandedOnAndTheChannelStaysPolled() throws Exception {
        FakeDevice d = start("x", Map.of("integrityPollMillis", "0"));
        DriverHostTest.await("polled", () -> all("bad7").size() >= 2);
        Instant t = Instant.parse("2026-12-07T09:00:00Z");
        d.backfill("bad7", 5, t);
        DriverHostTest.await(
                "handed on with its source time", () -> at("bad7", t).isPresent());
        assertThat(at("bad7", t).orElseThrow().rawValue()).isEqualTo(5);
        int polls = all("bad7").size();
        DriverHostTest.await("still polled", () -> all("bad7").size() > polls + 2);
    }

    @Test
    void aReconnectTellsTheDriverWhereEachChannelsMissingDataBegins() throws Exception {
        FakeDevice d = start("x", Map.of("integrityPollMillis", "0"));
        assertThat(d.lastBackfillFrom())
                .as("the first connect: nothing missing")
                .isEmpty();
        Instant before = Instant.now();
        d.up(false).dropLink();
        DriverHostTest.await("offline", () -> host.device("x").orElseThrow().state() == DeviceState.OFFLINE);
        Instant after = Instant.now();
        d.up(true);
        DriverHostTest.await("reconnected", () -> d.connects() == 2);
        assertThat(d.lastBackfillFrom())
                .as("every channel from the loss")
                .containsOnlyKeys("p", "q", "bad7")
                .allSatisfy((channel, from) -> assertThat(from).isBetween(before, after));
    }

    @Test
    void afterAHubRestartEachChannelMissesDataFromJustAfterItsPointsLastStoredSample() {
        Instant stored = Instant.parse("2026-12-07T10:00:00Z");
        DriverHost restarted = new DriverHost(
                bus,
                new PointRegistryImpl(),
                () -> ingest,
                Clock.systemUTC(),
                p -> p.equals(PointId.of("y.p")) ? Optional.of(stored) : Optional.empty());
        try {
            ingest.map(
                    "y",
                    Map.of(),
                    DeviceMapping.Channel.of("p", PointId.of("y.p")),
                    DeviceMapping.Channel.of("q", PointId.of("y.q")));
            FakeDevice d = driver.device("y").set("p", 1).set("q", 2);
            restarted.configure("pid-y", driver, DriverHostTest.config("y"));
            DriverHostTest.await(
                    "online", () -> restarted.device("y").orElseThrow().state() == DeviceState.ONLINE);
            assertThat(d.lastBackfillFrom())
                    .as("q has nothing stored: nothing to resume from")
                    .isEqualTo(Map.of("p", stored.plusMillis(1)));
        } finally {
            restarted.close();
        }
    }
}
