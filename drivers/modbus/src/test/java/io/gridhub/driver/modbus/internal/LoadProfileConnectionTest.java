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
import io.gridhub.driver.testkit.TestDeviceContext;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.Settings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's connections against j2mod's slave keeping a load profile: plain without anything missing, and a
 * back-fill cut short by a closed connection finished by the device's next connection, no record twice.
 */
class LoadProfileConnectionTest {
    private static final int INTERVAL = 60;

    private final ModbusDriver driver = new ModbusDriver();
    private final J2modSlave slave = new J2modSlave(Ports.free(), 1200);
    private final Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(15L * INTERVAL);
    private final List<ModbusAddress> channels = new ArrayList<>();
    private final List<Instant> energy = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        slave.start();
        LoadProfileRing.clear(LoadProfileRing.of(slave.image), 20);
        LoadProfileRing.write(LoadProfileRing.of(slave.image), 20, first, INTERVAL, 0, 15);
        channels.add(ModbusAddress.parse(ENERGY));
        channels.add(ModbusAddress.parse(POWER));
    }

    @AfterEach
    void stop() {
        slave.stop();
    }

    private ModbusSettings settings() {
        List<Object> kv = new ArrayList<>(List.of("host", "127.0.0.1", "port", slave.port, "timeoutMillis", 2000));
        kv.addAll(LoadProfileRing.settings(20, INTERVAL, "abcd", 3));
        return Settings.of(ModbusSettings.class, kv.toArray());
    }

    @SuppressWarnings("unchecked")
    private Connection<ModbusAddress> connect(TestDeviceContext ctx) throws Exception {
        Connection<ModbusAddress> c = driver.connect(settings(), ctx);
        if (c instanceof Subscribable<?> s) {
            ((Subscribable<ModbusAddress>) s).subscribe(channels, this::take);
        }
        return c;
    }

    private void take(ModbusAddress channel, Reading r) {
        if (channel.toString().equals(ENERGY) && r.quality().reason() != Quality.Reason.CONFIGURATION_ERROR) {
            energy.add(r.sourceTime());
        }
    }

    @Test
    void withNothingMissingTheConnectionIsAPlainOne() throws Exception {
        try (TestDeviceContext ctx = new TestDeviceContext("meter")) {
            Connection<ModbusAddress> c = connect(ctx);
            assertThat(c).isNotInstanceOf(Subscribable.class);
            c.close();
        }
    }

    @Test
    void whatAClosedConnectionLeftIsReadByTheNextOneAndNothingTwice() throws Exception {
        Instant from = LoadProfileRing.time(first, INTERVAL, 4).plusSeconds(30);
        try (TestDeviceContext ctx = new TestDeviceContext("meter").backfillFrom(Map.of(ENERGY, from, POWER, from))) {
            Connection<ModbusAddress> c = connect(ctx);
            c.read(channels);
            c.close();
        }
        assertThat(energy).as("one poll: 3 records").hasSize(3);
        try (TestDeviceContext ctx = new TestDeviceContext("meter")) {
            Connection<ModbusAddress> c = connect(ctx);
            assertThat(c).as("the rest is still to be read").isInstanceOf(Subscribable.class);
            for (int i = 0; i < 4; i++) {
                c.read(channels);
            }
            c.close();
        }
        assertThat(energy)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(5, 15)
                        .mapToObj(k -> LoadProfileRing.time(first, INTERVAL, k))
                        .toList());
        try (TestDeviceContext ctx = new TestDeviceContext("meter")) {
            Connection<ModbusAddress> c = connect(ctx);
            assertThat(c).as("done: nothing left").isNotInstanceOf(Subscribable.class);
            c.close();
        }
    }
}
