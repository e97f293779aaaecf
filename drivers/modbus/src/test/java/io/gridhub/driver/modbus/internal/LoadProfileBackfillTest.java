package io.gridhub.driver.modbus.internal;

import static io.gridhub.driver.modbus.internal.LoadProfileRing.ENERGY;
import static io.gridhub.driver.modbus.internal.LoadProfileRing.POWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.testkit.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The walk over a load profile's ring against registers in memory: which records, how many per step, what gaps. */
class LoadProfileBackfillTest {
    private static final int INTERVAL = 60;
    private static final Instant FIRST = Instant.parse("2026-12-07T10:00:00Z");

    private final int[] registers = new int[65536];
    private final List<Integer> requests = new ArrayList<>();
    private final List<Backfilled> out = new ArrayList<>();

    record Backfilled(String channel, Reading reading) {}

    private final LoadProfileBackfill.Registers device = (table, start, count) -> {
        requests.add(count);
        return Arrays.copyOfRange(registers, start, start + count);
    };

    private static Instant t(int k) {
        return LoadProfileRing.time(FIRST, INTERVAL, k);
    }

    private static LoadProfile profile(int records, Object... overrides) {
        List<Object> kv = LoadProfileRing.settings(records, INTERVAL, "abcd", 3);
        kv.addAll(0, List.of("host", "127.0.0.1"));
        kv.addAll(List.of(overrides));
        return LoadProfile.of(Settings.of(ModbusSettings.class, kv.toArray()));
    }

    /** A ring of {@code records} slots into which the meter wrote records 0..count-1. */
    private void meterWrote(int records, int count) {
        LoadProfileRing.clear((a, v) -> registers[a] = v, records);
        LoadProfileRing.write((a, v) -> registers[a] = v, records, FIRST, INTERVAL, 0, count);
    }

    private static Map<String, List<LoadProfileBackfill.Window>> outage(Instant from, Instant to) {
        LoadProfileBackfill.Window w = new LoadProfileBackfill.Window(from, to);
        return Map.of(ENERGY, List.of(w), POWER, List.of(w));
    }

    private int walk(LoadProfileBackfill b) throws Exception {
        int steps = 0;
        while (b.active()) {
            b.step(device, (c, r) -> out.add(new Backfilled(c.toString(), r)));
            steps++;
            assertThat(steps).as("steps").isLessThan(100);
        }
        return steps;
    }

    private List<Instant> good(String channel) {
        return out.stream()
                .filter(b ->
                        b.channel().equals(channel) && b.reading().quality().isGood())
                .map(b -> b.reading().sourceTime())
                .toList();
    }

    private List<Reading> gaps(String channel) {
        return out.stream()
                .filter(b ->
                        b.channel().equals(channel) && !b.reading().quality().isGood())
                .map(Backfilled::reading)
                .toList();
    }

    private static List<Instant> times(int from, int to) {
        return IntStream.range(from, to)
                .map(k -> to - 1 - (k - from))
                .mapToObj(LoadProfileBackfillTest::t)
                .toList();
    }

    @Test
    void handsOnTheRecordsInsideTheOutageOnceWithTheirOwnTimesAFewPerStep() throws Exception {
        meterWrote(20, 15);
        LoadProfileBackfill b = new LoadProfileBackfill(profile(20), outage(t(4).plusSeconds(30), t(15)), 125);

        int steps = walk(b);

        assertThat(good(ENERGY)).as("records 5..14, newest first, each once").isEqualTo(times(5, 15));
        assertThat(good(POWER)).isEqualTo(times(5, 15));
        assertThat(gaps(ENERGY))
                .as("the ring still holds record 4: nothing is missing")
                .isEmpty();
        assertThat(out.stream()
                        .filter(x -> x.channel().equals(ENERGY))
                        .map(x -> x.reading().value()))
                .containsExactlyElementsOf(IntStream.range(5, 15)
                        .map(k -> 19 - k)
                        .mapToObj(LoadProfileRing::energy)
                        .toList());
        assertThat(out.stream()
                        .filter(x -> x.channel().equals(POWER)
                                && x.reading().sourceTime().equals(t(5))))
                .singleElement()
                .satisfies(x -> assertThat(x.reading().value()).isEqualTo(-200.0));
        assertThat(steps)
                .as("3 records a step: 14-12, 11-9, 8-6, 5-3 (4 is older than the outage: the end)")
                .isEqualTo(4);
        assertThat(requests)
                .as("the pointer, then 3 records of 6 registers per request")
                .containsExactly(1, 18, 18, 18, 18);
    }

    @Test
    void aWrappedRingLeavesOneGapMarkFromTheOutagesStartToItsOldestRecord() throws Exception {
        meterWrote(8, 15);
        Instant from = t(4).plusSeconds(30);
        LoadProfileBackfill b = new LoadProfileBackfill(profile(8), outage(from, t(15)), 125);

        walk(b);

        assertThat(good(ENERGY)).as("what the ring still holds: records 7..14").isEqualTo(times(7, 15));
        assertThat(gaps(ENERGY)).singleElement().satisfies(r -> {
            assertThat(r.sourceTime()).isEqualTo(from);
            assertThat(r.quality().reason()).isEqualTo(Quality.Reason.COMMUNICATION_FAILURE);
            assertThat(r.quality().detail())
                    .startsWith("gap: the load profile holds no records from " + from + " to " + t(7));
        });
        assertThat(gaps(POWER)).hasSize(1);
    }

    @Test
    void eachChannelFromItsOwnOutageAndNothingRecordedAfterTheConnect() throws Exception {
        meterWrote(20, 15);
        LoadProfileBackfill.Window energy = new LoadProfileBackfill.Window(t(4).plusSeconds(30), t(12));
        LoadProfileBackfill.Window power = new LoadProfileBackfill.Window(t(9).plusSeconds(30), t(12));
        LoadProfileBackfill b =
                new LoadProfileBackfill(profile(20), Map.of(ENERGY, List.of(energy), POWER, List.of(power)), 125);

        walk(b);

        assertThat(good(ENERGY)).isEqualTo(times(5, 12));
        assertThat(good(POWER)).isEqualTo(times(10, 12));
        assertThat(out)
                .allSatisfy(x -> assertThat(x.reading().quality().isGood()).isTrue());
    }

    @Test
    void aWalkCutShortLeavesTheRestForTheNextConnectionWithoutRepeatingARecord() throws Exception {
        meterWrote(20, 15);
        Instant from = t(4).plusSeconds(30);
        LoadProfileBackfill first = new LoadProfileBackfill(profile(20), outage(from, t(15)), 125);
        first.step(device, (c, r) -> out.add(new Backfilled(c.toString(), r)));
        assertThat(good(ENERGY)).isEqualTo(times(12, 15));

        Map<String, List<LoadProfileBackfill.Window>> rest = first.remaining();
        assertThat(rest).containsEntry(ENERGY, List.of(new LoadProfileBackfill.Window(from, t(12))));
        walk(new LoadProfileBackfill(profile(20), rest, 125));

        assertThat(good(ENERGY)).isEqualTo(times(5, 15));
        assertThat(good(ENERGY)).doesNotHaveDuplicates();
    }

    @Test
    void aRecordTheMeterOverwroteMeanwhileEndsTheRing() throws Exception {
        meterWrote(8, 15);
        LoadProfileBackfill b = new LoadProfileBackfill(profile(8), outage(t(4).plusSeconds(30), t(16)), 125);
        b.step(device, (c, r) -> out.add(new Backfilled(c.toString(), r)));
        // The meter writes record 15 into the oldest slot (record 7's) before the walk gets there.
        LoadProfileRing.write((a, v) -> registers[a] = v, 8, FIRST, INTERVAL, 15, 16);
        walk(b);

        assertThat(good(ENERGY))
                .as("14..8, then record 15 where 7 was: not older, the end")
                .isEqualTo(times(8, 15));
        assertThat(gaps(ENERGY))
                .singleElement()
                .satisfies(r -> assertThat(r.quality().detail()).contains("to " + t(8)));
    }

    @Test
    void aRecordCounterSaysHowManyRecordsTheRingHolds() throws Exception {
        meterWrote(20, 15);
        registers[996] = 0;
        registers[997] = 15;
        LoadProfile counted = profile(20, "loadProfile.newestIndex", "", "loadProfile.recordCounter", "hr:996:uint32");
        Instant from = t(0).minusSeconds(600);
        walk(new LoadProfileBackfill(counted, outage(from, t(15)), 125));

        assertThat(good(ENERGY)).isEqualTo(times(0, 15));
        assertThat(gaps(ENERGY))
                .as("the meter recorded nothing before record 0")
                .singleElement()
                .satisfies(r -> assertThat(r.sourceTime()).isEqualTo(from));

        out.clear();
        registers[997] = 0;
        LoadProfileBackfill none = new LoadProfileBackfill(counted, outage(from, t(15)), 125);
        walk(none);
        assertThat(out).as("no records at all: the host marks the gap").isEmpty();
    }

    @Test
    void aLoadProfileTheDeviceRefusesIsAGapOfEveryField() throws Exception {
        Instant from = t(4);
        LoadProfileBackfill b = new LoadProfileBackfill(profile(20), outage(from, t(15)), 125);
        b.step(
                (table, start, count) -> {
                    throw new ModbusSlaveException(2);
                },
                (c, r) -> out.add(new Backfilled(c.toString(), r)));

        assertThat(b.active()).isFalse();
        assertThat(out).hasSize(2).allSatisfy(x -> {
            assertThat(x.reading().sourceTime()).isEqualTo(from);
            assertThat(x.reading().quality().detail())
                    .isEqualTo("gap: the load profile could not be read (Modbus exception 2 (illegal data address))");
        });
    }

    @Test
    void nothingMissingNothingRead() throws Exception {
        LoadProfileBackfill b = new LoadProfileBackfill(profile(20), Map.of(), 125);
        assertThat(b.active()).isFalse();
        b.step(device, (c, r) -> out.add(new Backfilled(c.toString(), r)));
        assertThat(requests).isEmpty();
        assertThat(ModbusAddress.parse(ENERGY).toString())
                .as("keys are canonical addresses")
                .isEqualTo(ENERGY);
    }
}
