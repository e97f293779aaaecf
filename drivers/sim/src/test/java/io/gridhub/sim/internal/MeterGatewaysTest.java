package io.gridhub.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.model.PointId;
import io.gridhub.camel.internal.MappingFileParser;
import io.gridhub.sim.internal.FieldConfig.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five meter gateways read by the hub's own Modbus driver at the addresses of their mapping files (parsed by the
 * hub's parser), scaled as the mapping scales them: power equals the slice at the simulated instant, the import
 * counter integrates it exactly across a slot boundary, and every register a gateway serves is mapped.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeterGatewaysTest {
    private FieldFixture field;
    private FieldFixture.Slice slice;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        field = new FieldFixture(tmp, new FieldDevices.Intake(null, null, null));
        slice = new FieldFixture.Slice();
    }

    @AfterAll
    void stop() {
        field.close();
    }

    private static Path mapping(Gateway g) {
        return FieldFixture.DEMO.resolve("mappings/" + g.name() + ".json");
    }

    /** Every point of gateway {@code g} through the hub's driver, in the mapping's unit (raw × scale). */
    private Map<PointId, Double> read(Gateway g) throws Exception {
        try (FieldFixture.Modbus m = field.new Modbus(g.name(), g.port(), g.unitId())) {
            return m.read();
        }
    }

    /**
     * A member's meter is its household's slice plus its own devices (hot water, less its home battery): the devices'
     * power of a step counts over the whole step.
     */
    @Test
    void powerIsTheSliceAndTheCounterIntegratesItExactlyOnEveryGateway() throws Exception {
        Instant t0 = field.sim.instant();
        Map<PointId, Double> before = new HashMap<>();
        for (Gateway g : field.config.gateways()) {
            before.putAll(read(g));
        }
        field.advance(Duration.ofMinutes(45)); // 09:15 -> 10:00: 15 min of the 09:00 slot, the whole 09:30 slot
        Instant t1 = field.sim.instant();
        for (Gateway g : field.config.gateways()) {
            Map<PointId, Double> after = read(g);
            double tolerance = Math.max(g.p().scale(), 0.01); // the register's resolution
            for (int m = g.firstMember(); m < g.firstMember() + g.members(); m++) {
                String id = String.format("demo.m%02d", m);
                double own = field.devices.ownDevicesW(m);
                double expectedWh = Math.max(
                        0,
                        slice.householdW(t0, m) * 0.25 + slice.householdW(t0.plusSeconds(900), m) * 0.5 + own * 0.75);
                assertThat(after.get(PointId.of(id + "-meter.p")))
                        .as("%s meter power at %s", id, t1)
                        .isCloseTo(slice.householdW(t1, m) + own, within(tolerance));
                assertThat(after.get(PointId.of(id + "-load.p")))
                        .as("%s load at %s", id, t1)
                        .isCloseTo(
                                slice.householdW(t1, m),
                                within(Math.max(g.load().scale(), 0.01)));
                assertThat(after.get(PointId.of(id + "-meter.e_imp")) - before.get(PointId.of(id + "-meter.e_imp")))
                        .as("%s energy 09:15..10:00", id)
                        .isCloseTo(expectedWh, within(Math.max(g.eImp().scale(), 0.01)));
            }
        }
    }

    @Test
    void eachMappingFileCoversEveryRegisterItsGatewayServesAndTheFiftyMembers() throws Exception {
        Set<PointId> points = new HashSet<>();
        for (int i = 0; i < field.config.gateways().size(); i++) {
            Gateway g = field.config.gateways().get(i);
            DeviceMapping m = MappingFileParser.device(mapping(g));
            assertThat(m.source()).isEqualTo(g.name());
            assertThat(m.channels().stream().map(DeviceMapping.Channel::address))
                    .containsExactlyInAnyOrderElementsOf(field.devices.gateways.get(i).slots().stream()
                            .map(MeterGateway.Slot::text)
                            .toList());
            m.channels().forEach(c -> points.add(c.point()));
        }
        assertThat(points).hasSize(150);
        for (int n = 1; n <= 50; n++) {
            String id = String.format("demo.m%02d", n);
            assertThat(points)
                    .contains(PointId.of(id + "-meter.p"), PointId.of(id + "-meter.e_imp"), PointId.of(id + "-load.p"));
        }
    }

    @Test
    void theGatewaysHaveFiveDifferentRegisterMaps() {
        Set<String> maps = new HashSet<>();
        field.config
                .gateways()
                .forEach(g -> maps.add(List.of(g.p(), g.eImp(), g.load()).toString()));
        assertThat(maps).hasSize(5);
    }
}
