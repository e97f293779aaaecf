package io.gridhub.driver.modbus.internal;

import static io.gridhub.driver.modbus.internal.LoadProfileRing.ENERGY;
import static io.gridhub.driver.modbus.internal.LoadProfileRing.POWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceState;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.core.internal.PointRegistryImpl;
import io.gridhub.core.internal.SampleBusImpl;
import io.gridhub.core.internal.driver.DriverHost;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.testkit.FakeIngest;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's driver host with the real Modbus driver against j2mod's slave keeping a load profile: after a hub
 * restart and after a lost link, the records dated inside the outage reach normalization with their own time stamps,
 * once each, a few per poll; where the ring no longer holds them (it wrapped) the gap stays marked.
 */
class ModbusHostBackfillTest {
    private static final String DEVICE = "meter";
    private static final int INTERVAL = 60;

    private final J2modSlave slave = new J2modSlave(Ports.free(), 1200);
    private final List<DriverHost> hosts = new ArrayList<>();
    private FakeIngest ingest;
    private DriverHost host;

    @BeforeEach
    void start() throws Exception {
        slave.start();
    }

    @AfterEach
    void stop() {
        hosts.forEach(DriverHost::close);
        slave.stop();
    }

    private Map<String, Object> cfg(int records, int interval) {
        List<Object> kv = new ArrayList<>(List.of(
                "name", DEVICE,
                "host", "127.0.0.1",
                "port", String.valueOf(slave.port),
                "timeoutMillis", "2000",
                "pollMillis", "100",
                "backfillWaitMillis", "2000",
                "backoffMinMillis", "500",
                "backoffMaxMillis", "500"));
        kv.addAll(LoadProfileRing.settings(records, interval, "abcd", 3));
        return Settings.map(kv.toArray());
    }

    /** A host whose store ended at {@code stored} for every point (null: a host that has not restarted). */
    private DriverHost host(Map<String, Object> cfg, Instant stored) {
        ingest = new FakeIngest()
                .map(
                        DEVICE,
                        Map.of(),
                        DeviceMapping.Channel.of(ENERGY, PointId.of("m1.e_imp")),
                        DeviceMapping.Channel.of(POWER, PointId.of("m1.p")));
        FakeIngest in = ingest;
        Function<PointId, Optional<Instant>> lastStored =
                stored == null ? p -> Optional.empty() : p -> Optional.of(stored);
        host = new DriverHost(new SampleBusImpl(), new PointRegistryImpl(), () -> in, Clock.systemUTC(), lastStored);
        hosts.add(host);
        host.configure("pid-" + DEVICE, new ModbusDriver(), cfg);
        return host;
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(15), condition, what);
    }

    private List<RawReading> at(String address, Instant t) {
        return ingest.cycles.stream()
                .flatMap(List::stream)
                .filter(r -> r.address().equals(address) && t.equals(r.sourceTime()))
                .toList();
    }

    /** Readings of {@code address} dated before {@code t}: what was back-filled (live polls are dated later). */
    private List<RawReading> before(String address, Instant t) {
        return ingest.cycles.stream()
                .flatMap(List::stream)
                .filter(r -> r.address().equals(address) && r.sourceTime().isBefore(t))
                .toList();
    }

    private DeviceState state() {
        return host.device(DEVICE).orElseThrow().state();
    }

    @Test
    void afterAHubRestartTheRecordsSinceTheLastStoredSampleArriveOnceWithTheirOwnTimes() throws Exception {
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(15L * INTERVAL);
        LoadProfileRing.clear(LoadProfileRing.of(slave.image), 20);
        LoadProfileRing.write(LoadProfileRing.of(slave.image), 20, first, INTERVAL, 0, 15);
        Instant stored = LoadProfileRing.time(first, INTERVAL, 4).plusSeconds(30);
        Instant connect = Instant.now();

        host(cfg(20, INTERVAL), stored);
        await(
                "records 5..14 back-filled",
                () -> IntStream.range(5, 15)
                        .allMatch(k -> !at(ENERGY, LoadProfileRing.time(first, INTERVAL, k))
                                        .isEmpty()
                                && !at(POWER, LoadProfileRing.time(first, INTERVAL, k))
                                        .isEmpty()));
        // Polls go on past the back-fill window (backfillWaitMillis): nothing comes twice, no gap is counted.
        Thread.sleep(2500);

        for (int k = 5; k < 15; k++) {
            int n = k;
            Instant t = LoadProfileRing.time(first, INTERVAL, k);
            assertThat(at(ENERGY, t)).as("record %d", k).singleElement().satisfies(r -> {
                assertThat(r.quality()).as("GOOD").isEmpty();
                assertThat(r.rawValue()).isEqualTo(LoadProfileRing.energy(n));
            });
            assertThat(at(POWER, t))
                    .singleElement()
                    .satisfies(r -> assertThat(r.rawValue()).isEqualTo(LoadProfileRing.power(n)));
        }
        assertThat(before(ENERGY, connect))
                .as("nothing at or before the last stored sample")
                .hasSize(10);
        assertThat(before(POWER, connect)).hasSize(10);
        assertThat(host.gaps(DEVICE)).isEmpty();
        assertThat(state()).isEqualTo(DeviceState.ONLINE);
    }

    @Test
    void whereTheRingWrappedTheGapStaysMarkedUpToItsOldestRecord() throws Exception {
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(15L * INTERVAL);
        LoadProfileRing.clear(LoadProfileRing.of(slave.image), 8);
        LoadProfileRing.write(LoadProfileRing.of(slave.image), 8, first, INTERVAL, 0, 15);
        Instant stored = LoadProfileRing.time(first, INTERVAL, 4).plusSeconds(30);
        Instant connect = Instant.now();

        host(cfg(8, INTERVAL), stored);
        Instant gapFrom = stored.plusMillis(1);
        await(
                "records 7..14 and the gap mark",
                () -> !at(ENERGY, LoadProfileRing.time(first, INTERVAL, 7)).isEmpty()
                        && !at(ENERGY, gapFrom).isEmpty()
                        && !at(POWER, gapFrom).isEmpty());
        await("the wrapped part counted as a gap", () -> !host.gaps(DEVICE).isEmpty());
        assertThat(host.gaps(DEVICE)).isEqualTo(Map.of(PointId.of("m1.e_imp"), 1L, PointId.of("m1.p"), 1L));
        assertThat(host.device(DEVICE).orElseThrow().lastGapFrom()).isEqualTo(gapFrom);

        List<RawReading> energy = before(ENERGY, connect);
        assertThat(energy)
                .extracting(RawReading::sourceTime)
                .doesNotHaveDuplicates()
                .hasSize(9);
        assertThat(energy)
                .filteredOn(r -> r.quality().isEmpty())
                .extracting(RawReading::sourceTime)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(7, 15)
                        .mapToObj(k -> LoadProfileRing.time(first, INTERVAL, k))
                        .toList());
        RawReading mark = at(ENERGY, gapFrom).get(0);
        assertThat(RawReading.fromCode(mark.quality()).reason()).isEqualTo(Quality.Reason.COMMUNICATION_FAILURE);
        assertThat(mark.quality())
                .contains("gap: the load profile holds no records from " + gapFrom + " to "
                        + LoadProfileRing.time(first, INTERVAL, 7));
        assertThat(at(POWER, gapFrom)).hasSize(1);
        assertThat(before(POWER, connect)).hasSize(9);
    }

    @Test
    void afterALostLinkTheRecordsTakenMeanwhileArriveWithTheirOwnTimes() throws Exception {
        LoadProfileRing.Setter image = LoadProfileRing.of(slave.image);
        LoadProfileRing.clear(image, 20);
        Instant old = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(100);
        LoadProfileRing.write(image, 20, old, 1, 0, 3);
        host(cfg(20, 1), null);
        await(
                "online and polled",
                () -> state() == DeviceState.ONLINE
                        && ingest.last(DEVICE, ENERGY).isPresent());

        slave.stop();
        await("offline", () -> state() == DeviceState.OFFLINE);
        // Two records a second apart, both after the loss (records carry whole seconds).
        Instant t1 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Instant recordsFrom = t1.minusSeconds(3);
        Thread.sleep(
                Math.max(0, Duration.between(Instant.now(), t1.plusSeconds(1)).toMillis() + 50));
        LoadProfileRing.write(image, 20, recordsFrom, 1, 3, 5);
        slave.start();

        await(
                "both back-filled",
                () -> !at(ENERGY, t1).isEmpty()
                        && !at(ENERGY, t1.plusSeconds(1)).isEmpty());
        Thread.sleep(2500);
        assertThat(at(ENERGY, t1))
                .singleElement()
                .satisfies(r -> assertThat(r.rawValue()).isEqualTo(LoadProfileRing.energy(3)));
        assertThat(at(ENERGY, t1.plusSeconds(1)))
                .singleElement()
                .satisfies(r -> assertThat(r.rawValue()).isEqualTo(LoadProfileRing.energy(4)));
        assertThat(at(POWER, t1)).hasSize(1);
        assertThat(before(ENERGY, t1))
                .as("the records from before the loss are not read again")
                .allSatisfy(r -> assertThat(r.sourceTime()).isAfter(old.plusSeconds(3)));
        assertThat(host.gaps(DEVICE)).as("the records filled the outage").isEmpty();
    }

    @Test
    void aBadLoadProfileIsAConfigurationErrorNamingTheField() {
        Map<String, Object> cfg = cfg(20, INTERVAL);
        cfg.put("loadProfile.fields", ENERGY + "=2:uint32, " + POWER + "=3:int16");
        host(cfg, null);
        await("configuration error", () -> state() == DeviceState.CONFIG_ERROR);
        assertThat(host.device(DEVICE).orElseThrow().reason())
                .contains("setting 'loadProfile.fields': entry 2 '" + POWER + "=3:int16' (registers 3..3 of the "
                        + "record) overlaps entry 1");
    }
}
