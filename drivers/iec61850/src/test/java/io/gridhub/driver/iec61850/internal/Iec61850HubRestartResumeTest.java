package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.iec61850.Iec61850Driver;
import io.gridhub.testkit.FakeIngest;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the hub with the real IEC 61850 driver against the example IED on loopback: the hub's driver host
 * receives buffered reports, stops (its device's resume point written to the state directory), the IED buffers
 * entries meanwhile, and a new host with a new driver instance on the same state directory writes the last entry id
 * received before enabling the block: every entry buffered meanwhile comes, none received before comes again. When the
 * IED no longer has that entry (it restarted), the block is enabled afresh, what it buffered since comes, and the
 * outage is a counted gap, marked where it begins.
 */
@Timeout(120)
class Iec61850HubRestartResumeTest {
    private static final String DEVICE = "ied";
    private static final String TOTW = TestIed.LD + "/MMXU1.TotW.mag.f[MX]";
    private static final String HZ = TestIed.LD + "/MMXU1.Hz.mag.f[MX]";
    private static final PointId P = PointId.of("ied.p");

    @TempDir
    Path state;

    private final int port = Ports.free();
    private final TestIed ied = new TestIed(port);
    private final List<DriverHost> hosts = new ArrayList<>();

    @AfterEach
    void stop() {
        hosts.forEach(DriverHost::close);
        ied.stop();
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(20), condition, what);
    }

    private static FakeIngest mapped() {
        return new FakeIngest()
                .map(
                        DEVICE,
                        Map.of(),
                        DeviceMapping.Channel.of(TOTW, P),
                        DeviceMapping.Channel.of(HZ, PointId.of("ied.f")));
    }

    /**
     * A hub's driver host on the state directory, the device configured with a new driver instance; the store's last
     * sample of each point is what the run before handed to normalization ({@code before}; null: the first run).
     */
    private DriverHost hub(FakeIngest ingest, FakeIngest before) {
        Map<String, String> addresses = Map.of("ied.p", TOTW, "ied.f", HZ);
        Function<PointId, Optional<Instant>> lastStored = before == null
                ? null
                : p -> before.cycles.stream()
                        .flatMap(List::stream)
                        .filter(r -> r.address().equals(addresses.get(p.toString()))
                                && r.quality().isEmpty())
                        .map(RawReading::sourceTime)
                        .max(Comparator.naturalOrder());
        DriverHost host = new DriverHost(
                new SampleBusImpl(), new PointRegistryImpl(), () -> ingest, Clock.systemUTC(), lastStored, state);
        hosts.add(host);
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
                        "backfillWaitMillis", "1000"));
        await(
                "online",
                () -> host.device(DEVICE)
                        .map(d -> d.state() == DeviceState.ONLINE)
                        .orElse(false));
        return host;
    }

    private static List<RawReading> at(FakeIngest ingest, String address, Instant t) {
        return ingest.cycles.stream()
                .flatMap(List::stream)
                .filter(r -> r.address().equals(address) && t.equals(r.sourceTime()))
                .toList();
    }

    private static Optional<RawReading> first(FakeIngest ingest, String address, Instant t) {
        return at(ingest, address, t).stream().findFirst();
    }

    /** Three buffered entries of TotW, values {@code first}, +1, +2, each with its own time; their times. */
    private List<Instant> entries(int first) throws InterruptedException {
        List<Instant> times = new ArrayList<>();
        for (int v = first; v < first + 3; v++) {
            Thread.sleep(5);
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ied.setMeasurement(TestIed.LD + "/MMXU1.TotW", v, t);
            ied.brcb.addEntry();
            times.add(t);
        }
        return times;
    }

    /** The first hub: receives entries 1..3 into {@code ingest}, then stops; the times of 1..3. */
    private List<Instant> firstRunThenStop(FakeIngest ingest) throws Exception {
        ied.start();
        DriverHost host = hub(ingest, null);
        List<Instant> before = entries(1);
        await(
                "entries 1..3 pushed",
                () -> before.stream().allMatch(t -> first(ingest, TOTW, t).isPresent()));
        host.close();
        assertThat(state.resolve(DEVICE + ".json"))
                .as("the device's resume point is written when it stops")
                .exists();
        assertThat(Files.readString(state.resolve(DEVICE + ".json"))).contains("iec61850.brcb." + TestIed.BRCB);
        return before;
    }

    @Test
    void entriesBufferedWhileTheHubWasStoppedComeAfterItsRestartEachOnce() throws Exception {
        FakeIngest run1 = mapped();
        List<Instant> before = firstRunThenStop(run1);
        // The hub is down; the IED buffers three more entries.
        List<Instant> down = entries(4);
        int sentBefore = ied.brcb.sent();

        FakeIngest after = mapped();
        DriverHost restarted = hub(after, run1);
        await(
                "entries 4..6 after the restart",
                () -> down.stream().allMatch(t -> first(after, TOTW, t).isPresent()));
        Thread.sleep(500); // anything sent twice would have come by now
        for (int i = 0; i < 3; i++) {
            assertThat(first(after, TOTW, down.get(i)).orElseThrow().rawValue()).isEqualTo(4.0 + i);
            assertThat(first(after, TOTW, down.get(i)).orElseThrow().quality())
                    .as("GOOD")
                    .isEmpty();
            assertThat(at(after, TOTW, before.get(i)))
                    .as("entry %d, received before the restart, not sent again", i + 1)
                    .isEmpty();
        }
        assertThat(at(after, TOTW, down.get(0))).as("entry 4 once").hasSize(1);
        assertThat(at(after, TOTW, down.get(1))).as("entry 5 once").hasSize(1);
        assertThat(ied.brcb.sent() - sentBefore)
                .as("the IED sent entries 4..6 only")
                .isEqualTo(3);
        assertThat(ied.writes)
                .anySatisfy(w ->
                        assertThat(w).startsWith(TestIed.BRCB + ".EntryID[BR]=").doesNotEndWith("=0000000000000000"));
        assertThat(ied.brcb.refusedEntryIds()).isZero();
        Thread.sleep(1000); // past backfillWaitMillis
        assertThat(restarted.gaps(DEVICE)).as("the outage of p back-filled").doesNotContainKey(P);
    }

    @Test
    void anEntryIdTheRestartedIedNoLongerHasFallsBackToEnablingAfreshAndCountsTheOutageAsAGap() throws Exception {
        FakeIngest run1 = mapped();
        List<Instant> before = firstRunThenStop(run1);
        // The IED restarts while the hub is down (its buffer is gone), then buffers three entries.
        ied.stop();
        ied.brcb.restart();
        ied.start();
        List<Instant> down = entries(4);

        FakeIngest after = mapped();
        DriverHost restarted = hub(after, run1);
        await(
                "entries 4..6 after the restart",
                () -> down.stream().allMatch(t -> first(after, TOTW, t).isPresent()));
        assertThat(ied.brcb.refusedEntryIds()).as("the old entry id refused").isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(first(after, TOTW, down.get(i)).orElseThrow().rawValue()).isEqualTo(4.0 + i);
        }
        await("the outage counted as a gap", () -> restarted.gaps(DEVICE).containsKey(P));
        RawReading mark = after.cycles.stream()
                .flatMap(List::stream)
                .filter(r -> r.address().equals(TOTW) && r.quality().contains("refused to resume"))
                .findFirst()
                .orElseThrow();
        assertThat(RawReading.fromCode(mark.quality()).status()).isEqualTo(Quality.Status.INVALID);
        assertThat(RawReading.fromCode(mark.quality()).reason()).isEqualTo(Quality.Reason.COMMUNICATION_FAILURE);
        assertThat(mark.quality()).startsWith("INVALID:COMMUNICATION_FAILURE:gap:");
        assertThat(mark.sourceTime())
                .as("where the outage begins: just after the last value stored before the restart")
                .isEqualTo(before.get(2).plusMillis(1));
        Thread.sleep(1500); // past backfillWaitMillis: the outage the host saw too is not counted twice
        assertThat(restarted.gaps(DEVICE)).as("counted once").containsEntry(P, 1L);

        // The forgotten entry id is not tried again: the next restart resumes from what came after the fallback.
        restarted.close();
        List<Instant> later = entries(7);
        FakeIngest third = mapped();
        hub(third, after);
        await(
                "entries 7..9",
                () -> later.stream().allMatch(t -> first(third, TOTW, t).isPresent()));
        Thread.sleep(500);
        assertThat(ied.brcb.refusedEntryIds()).isEqualTo(1);
        down.forEach(t -> assertThat(at(third, TOTW, t)).as("4..6 not again").isEmpty());
    }
}
