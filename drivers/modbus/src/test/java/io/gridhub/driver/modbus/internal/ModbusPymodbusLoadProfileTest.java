package io.gridhub.driver.modbus.internal;

import static io.gridhub.driver.modbus.internal.LoadProfileRing.ENERGY;
import static io.gridhub.driver.modbus.internal.LoadProfileRing.POWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusDriver;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.driver.testkit.PeerProcess;
import io.gridhub.driver.testkit.TestDeviceContext;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load-profile back-fill against an independent server: Debian's python3-pymodbus keeping a meter's ring buffer
 * (src/test/peers/modbus-loadprofile-pymodbus.py, time stamps in cdab order). Two outages: the first longer than the
 * ring holds (a gap mark up to its oldest record), the second after the meter recorded two more records (only those).
 */
@Timeout(90)
class ModbusPymodbusLoadProfileTest {
    private static final int RECORDS = 8;
    private static final int INTERVAL = 900;

    private final ModbusDriver driver = new ModbusDriver();
    private final int port = Ports.free();
    private final Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(17L * INTERVAL);

    /** One back-filled reading as the driver hands it to its subscriber. */
    record Backfilled(String channel, Reading reading) {}

    private Instant t(int k) {
        return LoadProfileRing.time(first, INTERVAL, k);
    }

    /** Connects after an outage that began at {@code from} and polls until the back-fill is done. */
    @SuppressWarnings("unchecked")
    private List<Backfilled> reconnectAfterOutageFrom(Instant from) throws Exception {
        List<Object> kv = new ArrayList<>(List.of("host", "127.0.0.1", "port", port, "timeoutMillis", 2000));
        kv.addAll(LoadProfileRing.settings(RECORDS, INTERVAL, "cdab", 3));
        ModbusSettings s = Settings.of(ModbusSettings.class, kv.toArray());
        List<Backfilled> out = new CopyOnWriteArrayList<>();
        List<ModbusAddress> channels = List.of(ModbusAddress.parse(ENERGY), ModbusAddress.parse(POWER));
        try (TestDeviceContext ctx =
                new TestDeviceContext("py-meter").backfillFrom(Map.of(ENERGY, from, POWER, from))) {
            Connection<ModbusAddress> c = driver.connect(s, ctx);
            try {
                assertThat(c).isInstanceOf(Subscribable.class);
                ((Subscribable<ModbusAddress>) c).subscribe(channels, (a, r) -> {
                    if (r.quality().reason() != Quality.Reason.CONFIGURATION_ERROR) {
                        out.add(new Backfilled(a.toString(), r));
                    }
                });
                for (int i = 0; i < 6; i++) {
                    assertThat(c.read(channels)).hasSize(2);
                }
            } finally {
                c.close();
            }
        }
        return out;
    }

    private static List<Instant> good(List<Backfilled> out, String channel) {
        return out.stream()
                .filter(b ->
                        b.channel().equals(channel) && b.reading().quality().isGood())
                .map(b -> b.reading().sourceTime())
                .toList();
    }

    private List<Instant> times(int from, int to) {
        return IntStream.range(from, to).mapToObj(this::t).toList();
    }

    @Test
    void backFillsTwoOutagesWithTheRecordsTimesNoneTwiceAndMarksWhatTheRingLost() throws Exception {
        Instant from = t(4).plusSeconds(30);
        List<Backfilled> firstOutage;
        try (PeerProcess peer = ModbusPeers.pymodbusLoadProfile(port, RECORDS, first, INTERVAL, 15, "cdab")) {
            peer.start();
            firstOutage = reconnectAfterOutageFrom(from);
        }
        assertThat(good(firstOutage, ENERGY))
                .as("records 7..14: what the ring of 8 still holds")
                .containsExactlyInAnyOrderElementsOf(times(7, 15))
                .doesNotHaveDuplicates();
        assertThat(good(firstOutage, POWER)).containsExactlyInAnyOrderElementsOf(times(7, 15));
        for (Backfilled b : firstOutage) {
            if (b.reading().quality().isGood()) {
                int k = (int) ((b.reading().sourceTime().getEpochSecond() - first.getEpochSecond()) / INTERVAL);
                assertThat(b.reading().value())
                        .as("%s of record %d", b.channel(), k)
                        .isEqualTo(b.channel().equals(ENERGY) ? LoadProfileRing.energy(k) : LoadProfileRing.power(k));
            }
        }
        assertThat(firstOutage)
                .filteredOn(b -> !b.reading().quality().isGood())
                .as("one gap mark per channel where the ring wrapped: from the outage's start to record 7")
                .hasSize(2)
                .allSatisfy(b -> {
                    assertThat(b.reading().sourceTime()).isEqualTo(from);
                    assertThat(b.reading().quality().reason()).isEqualTo(Quality.Reason.COMMUNICATION_FAILURE);
                    assertThat(b.reading().quality().detail())
                            .startsWith("gap: the load profile holds no records from " + from + " to " + t(7));
                });

        // The hub stored up to record 14; the meter recorded 15 and 16 during the second outage.
        List<Backfilled> secondOutage;
        try (PeerProcess peer = ModbusPeers.pymodbusLoadProfile(port, RECORDS, first, INTERVAL, 17, "cdab")) {
            peer.start();
            secondOutage = reconnectAfterOutageFrom(t(14).plusMillis(1));
        }
        assertThat(good(secondOutage, ENERGY)).containsExactlyInAnyOrderElementsOf(times(15, 17));
        assertThat(good(secondOutage, POWER)).containsExactlyInAnyOrderElementsOf(times(15, 17));
        assertThat(secondOutage).as("no gap: the ring still holds record 14").hasSize(4);
    }
}
