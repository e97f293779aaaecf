package io.gridhub.core.internal.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.ingest.SourcePoint;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.driver.testkit.FakeDriver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver host hands whole poll cycles to {@link RawIngest} and falls back to the bus without it. */
class DriverHostIngestTest {
    private static final String MAP = """
            {"pollGroups": {"fast": 20},
             "points": [
               {"point": "x.p", "address": "p", "group": "fast", "scale": 1000, "unit": "kW"},
               {"point": "x.bad", "address": "bad7", "group": "fast"}
             ]}""";

    @TempDir
    Path dir;

    private final SampleBusImpl bus = new SampleBusImpl();
    private final Recording ingest = new Recording();
    private final AtomicReference<RawIngest> service = new AtomicReference<>(ingest);
    private final DriverHost host = new DriverHost(bus, new PointRegistryImpl(), service::get, Clock.systemUTC());
    private final FakeDriver driver = new FakeDriver();

    /** Records declarations and cycles; can be told to fail. */
    static final class Recording implements RawIngest {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, List<SourcePoint>> declared = new java.util.concurrent.ConcurrentHashMap<>();
        final List<List<RawReading>> cycles = new CopyOnWriteArrayList<>();
        volatile boolean failing;
        volatile boolean refuseDeclare;

        @Override
        public IngestResult ingest(String source, List<RawReading> cycle) {
            if (failing) {
                throw new IllegalStateException("camel context stopped");
            }
            calls.add("ingest " + source);
            cycles.add(cycle);
            return new IngestResult(cycle.size(), 0, 0);
        }

        @Override
        public void declare(String source, List<SourcePoint> points) {
            if (refuseDeclare) {
                throw new IllegalArgumentException("address 'p' is mapped twice");
            }
            calls.add("declare " + source + " " + points.size());
            if (points.isEmpty()) {
                declared.remove(source);
            } else {
                declared.put(source, points);
            }
        }
    }

    @AfterEach
    void close() {
        host.close();
    }

    private Map<String, Object> config(String name) throws Exception {
        return DriverHostTest.config(dir, name, MAP);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        DriverHostTest.await(what, condition);
    }

    @Test
    void theDevicePointMapIsDeclaredFirstThenEachCycleIsOneCallWithRawValues() throws Exception {
        driver.device("x").set("p", 2.5);
        host.configure("pid1", driver, config("x"));
        await("cycles", () -> ingest.cycles.size() >= 3);
        assertThat(ingest.calls.get(0)).isEqualTo("declare x 2");
        assertThat(ingest.calls.stream().filter(c -> c.startsWith("declare"))).hasSize(1);
        assertThat(ingest.declared.get("x"))
                .containsExactly(
                        new SourcePoint("p", PointId.of("x.p"), 1000, 0, "kW"),
                        new SourcePoint("bad7", PointId.of("x.bad"), 1, 0, ""));
        List<RawReading> cycle = ingest.cycles.get(0);
        assertThat(cycle).extracting(RawReading::address).containsExactly("p", "bad7");
        assertThat(cycle.get(0).rawValue()).as("unscaled: normalization scales").isEqualTo(2.5);
        assertThat(cycle.get(0).quality()).isEmpty();
        assertThat(cycle.get(0).sourceTime()).isNotNull();
        assertThat(RawReading.fromCode(cycle.get(1).quality()))
                .isEqualTo(Quality.invalid(Quality.Reason.OUT_OF_RANGE, "fake device refuses bad7"));
        assertThat(bus.latest(PointId.of("x.p")))
                .as("nothing straight to the bus")
                .isEmpty();
        assertThat(bus.latest(PointId.of("device.x.status")))
                .as("the host's own status point is")
                .isPresent();
    }

    @Test
    void aLostConnectionInvalidatesEveryPointThroughTheSamePath() throws Exception {
        host.configure("pid1", driver, config("x"));
        await("online", () -> host.device("x").orElseThrow().state() == DeviceState.ONLINE && !ingest.cycles.isEmpty());
        driver.device("x").up(false);
        await(
                "invalid cycle",
                () -> ingest.cycles.stream()
                        .anyMatch(c -> c.get(0).quality().startsWith("INVALID:COMMUNICATION_FAILURE:")));
        List<RawReading> invalid = ingest.cycles.stream()
                .filter(c -> c.get(0).quality().startsWith("INVALID:COMMUNICATION_FAILURE:"))
                .findFirst()
                .orElseThrow();
        assertThat(invalid).hasSize(2).allSatisfy(r -> assertThat(r.rawValue()).isNaN());
        assertThat(RawReading.fromCode(invalid.get(0).quality()).detail()).contains("connection lost");
        assertThat(bus.latest(PointId.of("x.p"))).isEmpty();
    }

    @Test
    void withoutTheServiceOrWhenItFailsSamplesGoStraightToTheBusWithThePointMapScale() throws Exception {
        driver.device("x").set("p", 2.5);
        service.set(null);
        host.configure("pid1", driver, config("x"));
        await("direct sample", () -> bus.latest(PointId.of("x.p")).isPresent());
        assertThat(bus.latest(PointId.of("x.p")).orElseThrow().value()).isEqualTo(2500);
        assertThat(ingest.calls).isEmpty();

        // The service comes: cycles go through it from the next poll on.
        service.set(ingest);
        await("through ingest", () -> !ingest.cycles.isEmpty());

        // It fails (its context stopping): the host keeps the values flowing directly.
        ingest.failing = true;
        driver.device("x").set("p", 3.5);
        await("direct again", () -> bus.latest(PointId.of("x.p")).orElseThrow().value() == 3500);
    }

    @Test
    void aRefusedPointMapIsPublishedDirectlyAndRemovingTheDeviceWithdrawsItsDeclaration() throws Exception {
        ingest.refuseDeclare = true;
        driver.device("x").set("p", 1.5);
        host.configure("pid1", driver, config("x"));
        await("direct sample", () -> bus.latest(PointId.of("x.p")).isPresent());
        assertThat(bus.latest(PointId.of("x.p")).orElseThrow().value()).isEqualTo(1500);
        assertThat(ingest.cycles).isEmpty();
        host.remove("pid1");

        ingest.refuseDeclare = false;
        host.configure("pid2", driver, config("y"));
        await("declared", () -> ingest.declared.containsKey("y"));
        host.remove("pid2");
        assertThat(ingest.declared).doesNotContainKey("y");
        assertThat(ingest.calls).last().isEqualTo("declare y 0");
    }
}
