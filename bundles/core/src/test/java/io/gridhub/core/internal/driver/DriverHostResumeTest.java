package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.driver.testkit.FakeDevice;
import io.gridhub.driver.testkit.FakeDriver;
import io.gridhub.testkit.FakeIngest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume points and gaps a pushing connection tells (SPI 0.8): a resume point is kept once the readings before it were
 * handed to normalization, never before, written to the state directory and given back to the device's connections
 * by a new host on the same directory (a restart of the hub).
 */
class DriverHostResumeTest {
    @TempDir
    Path state;

    private final List<DriverHost> hosts = new ArrayList<>();

    @AfterEach
    void close() {
        hosts.forEach(DriverHost::close);
    }

    private static FakeIngest mapped() {
        return new FakeIngest()
                .map(
                        "x",
                        Map.of("fast", 60_000L),
                        new DeviceMapping.Channel("p", PointId.of("x.p"), "fast"),
                        new DeviceMapping.Channel("q", PointId.of("x.q"), "fast"));
    }

    /** A host on the state directory with device x (pushing) of a new fake driver, online. */
    private FakeDevice start(FakeIngest ingest) {
        DriverHost host = new DriverHost(
                new SampleBusImpl(), new PointRegistryImpl(), () -> ingest, Clock.systemUTC(), null, state);
        hosts.add(host);
        FakeDriver driver = new FakeDriver();
        FakeDevice d = driver.device("x").pushing(true);
        Map<String, Object> cfg = DriverHostTest.config("x");
        cfg.put("integrityPollMillis", "0");
        cfg.put("backfillWaitMillis", "200");
        host.configure("pid-x", driver, cfg);
        DriverHostTest.await("online", () -> host.device("x").orElseThrow().state() == DeviceState.ONLINE);
        return d;
    }

    private static Optional<RawReading> at(FakeIngest ingest, String address, Instant t) {
        return ingest.cycles.stream()
                .flatMap(List::stream)
                .filter(r -> r.address().equals(address) && t.equals(r.sourceTime()))
                .findFirst();
    }

    @Test
    void aResumePointIsKeptOnceItsReadingsWereHandedOnAndOutlivesTheHost() throws Exception {
        FakeIngest ingest = mapped();
        FakeDevice d = start(ingest);
        Instant t1 = Instant.parse("2026-12-07T10:00:01Z");
        d.push("p", 1, t1).pushResumePoint("pos", "1");
        DriverHostTest.await("kept", () -> d.resumePoint("pos").equals(Optional.of("1")));
        assertThat(at(ingest, "p", t1)).isPresent();
        Path file = state.resolve("x.json");
        assertThat(Files.readString(file)).contains("\"pos\" : \"1\"");

        // Normalization fails: the reading before resume point 2 is not handed on, so 2 is not kept.
        ingest.failing = true;
        Instant t2 = Instant.parse("2026-12-07T10:00:02Z");
        d.push("p", 2, t2).pushResumePoint("pos", "2");
        Thread.sleep(300);
        assertThat(d.resumePoint("pos")).contains("1");
        hosts.get(0).close();
        assertThat(Files.readString(file)).contains("\"pos\" : \"1\"").doesNotContain("\"2\"");
        assertThat(state.resolve("x.json.tmp")).doesNotExist();

        // A new host (a restart of the hub) on the same directory gives the device's new connection point 1.
        FakeDevice again = start(mapped());
        assertThat(again.resumePoint("pos")).contains("1");
        assertThat(again.resumePoint("other")).isEmpty();
    }

    @Test
    void resumePointsMovingFastAreWrittenAtMostOnceASecondAndWhenTheDeviceStops() throws Exception {
        FakeIngest ingest = mapped();
        FakeDevice d = start(ingest);
        Path file = state.resolve("x.json");
        d.push("p", 1, Instant.parse("2026-12-07T10:00:01Z")).pushResumePoint("pos", "1");
        DriverHostTest.await("first write", () -> Files.exists(file));
        long firstWrite = System.nanoTime();
        for (int i = 2; i <= 5; i++) {
            d.push("p", i, Instant.parse("2026-12-07T10:00:0" + i + "Z")).pushResumePoint("pos", String.valueOf(i));
        }
        DriverHostTest.await("kept in memory", () -> d.resumePoint("pos").equals(Optional.of("5")));
        String soon = Files.readString(file);
        if (System.nanoTime() - firstWrite < ResumePoints.MIN_INTERVAL.toNanos() * 8 / 10) {
            assertThat(soon).as("not written again within the second").contains("\"pos\" : \"1\"");
        }
        DriverHostTest.await("written once the second passed", () -> read(file).contains("\"pos\" : \"5\""));

        d.push("p", 6, Instant.parse("2026-12-07T10:00:06Z")).pushResumePoint("pos", "6");
        DriverHostTest.await("kept in memory", () -> d.resumePoint("pos").equals(Optional.of("6")));
        hosts.get(0).close();
        assertThat(Files.readString(file)).as("the final write on stop").contains("\"pos\" : \"6\"");
    }

    @Test
    void aBrokenStateFileIsSetAsideAndTheDeviceStartsAfresh() throws Exception {
        Files.writeString(state.resolve("x.json"), "{ not json");
        FakeDevice d = start(mapped());
        assertThat(d.resumePoint("pos")).isEmpty();
        assertThat(state.resolve("x.json.broken")).exists();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }
}
