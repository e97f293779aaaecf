package io.gridhub.sim.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.api.registry.TopologyProvider;
import java.io.IOException;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The demo's community battery inside the hub: a {@link ModbusBattery} (register map and watchdog there) whose
 * LOCAL rule follows the replayed community's net import, read and written by the hub through the real Modbus
 * driver.
 */
@Component(
        service = {},
        configurationPid = ModbusBatterySim.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ModbusBatterySim.Config.class)
public final class ModbusBatterySim {
    static final String PID = "io.gridhub.sim.modbus";

    @ObjectClassDefinition(
            name = "gridhub Modbus battery simulator",
            description = "A community battery served over Modbus TCP on loopback")
    public @interface Config {
        @AttributeDefinition(description = "TCP port on 127.0.0.1", min = "1", max = "65535")
        int port() default 5502;

        @AttributeDefinition(description = "Community whose net import the battery follows while LOCAL")
        String community() default "demo";

        @AttributeDefinition(description = "Rated power, W", min = "1")
        double ratedPowerW() default 30_000;

        @AttributeDefinition(description = "Usable energy, Wh", min = "1")
        double capacityWh() default 60_000;

        @AttributeDefinition(description = "Milliseconds between model steps", min = "100")
        int periodMillis() default 1000;

        @AttributeDefinition(
                description = "Seconds without a write to the setpoint or heartbeat register until "
                        + "the battery goes to its safe state (0 W)",
                min = "1",
                max = "65535")
        int watchdogSeconds() default 30;
    }

    private final ModbusBattery battery;

    @Activate
    public ModbusBatterySim(@Reference LatestValues latest, @Reference TopologyProvider topology, Config config)
            throws IOException {
        battery = new ModbusBattery(
                new DeviceSettings(
                        config.port(),
                        config.ratedPowerW(),
                        config.capacityWh(),
                        config.periodMillis(),
                        config.watchdogSeconds()),
                () -> netImport(latest, topology, config.community()),
                Clock.systemUTC(),
                true);
    }

    /** The community's net import: the sum of its members' meter power (+ import). */
    static double netImport(LatestValues latest, TopologyProvider topology, String communityId) {
        double sum = 0;
        for (Community c : topology.communities()) {
            if (!c.id().equals(communityId)) {
                continue;
            }
            for (Member m : c.members()) {
                for (Site s : m.sites()) {
                    for (var a : s.assets()) {
                        if (a.kind() == AssetKind.METER) {
                            sum += latest.latest(PointId.of(c.id() + "." + a.id() + ".p"))
                                    .filter(x -> x.quality().isGood())
                                    .map(Sample::value)
                                    .orElse(0.0);
                        }
                    }
                }
            }
        }
        return sum;
    }

    @Deactivate
    void deactivate() {
        battery.close();
    }
}
