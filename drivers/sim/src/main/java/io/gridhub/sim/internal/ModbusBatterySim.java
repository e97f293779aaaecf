package io.gridhub.sim.internal;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.model.Site;
import io.gridhub.api.registry.TopologyProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's community battery as a Modbus TCP server (j2mod slave) on loopback, so that the hub reads it through
 * the real Modbus driver. It covers half of the community's replayed net import (discharging) and soaks up half
 * of its export (charging), within its power rating and 10–95 % state of charge. Register map (unit 1):
 * <pre>
 * hr:0  float32  active power, W (+ discharge)     hr:10 float32  power setpoint, W (used while coil:0 is on)
 * hr:2  float32  state of charge, %                 coil:0         manual mode
 * hr:4  uint16   state of charge, 0.1 %             ir:0  uint16   0 idle, 1 charging, 2 discharging
 * di:0  full     di:1 empty
 * </pre>
 */
@Component(service = {}, configurationPid = ModbusBatterySim.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ModbusBatterySim.Config.class)
public final class ModbusBatterySim {
    static final String PID = "io.gridhub.sim.modbus";
    private static final Logger LOG = LoggerFactory.getLogger(ModbusBatterySim.class);

    @ObjectClassDefinition(name = "gridhub Modbus battery simulator",
            description = "A community battery served over Modbus TCP on loopback")
    public @interface Config {
        @AttributeDefinition(description = "TCP port on 127.0.0.1", min = "1", max = "65535")
        int port() default 5502;

        @AttributeDefinition(description = "Community whose net import the battery follows")
        String community() default "demo";

        @AttributeDefinition(description = "Rated power, W", min = "1")
        double ratedPowerW() default 30_000;

        @AttributeDefinition(description = "Usable energy, Wh", min = "1")
        double capacityWh() default 60_000;

        @AttributeDefinition(description = "Milliseconds between model steps", min = "100")
        int periodMillis() default 1000;
    }

    /**
     * The process image with float helpers. j2mod's slave reads and writes the live register objects (a write of
     * several registers goes through getRegisterRange), so a read may in rare cases see a float whose two halves
     * straddle one model step; the next poll heals it. Good enough for a demo simulator.
     */
    static final class Image extends SimpleProcessImage {
        Image() {
            super(1);
        }

        synchronized void setFloat(int ref, double value) {
            int bits = Float.floatToIntBits((float) value);
            getRegister(ref).setValue((bits >>> 16) & 0xFFFF);
            getRegister(ref + 1).setValue(bits & 0xFFFF);
        }

        synchronized double getFloat(int ref) {
            return ByteBuffer.allocate(4).putShort((short) getRegister(ref).getValue())
                    .putShort((short) getRegister(ref + 1).getValue()).flip().getFloat();
        }
    }

    private final Config config;
    private final Image image = new Image();
    private final ModbusSlave slave;
    private final ScheduledExecutorService timer;
    private final DoubleSupplier netImport;
    private final BatteryModel battery;
    private final Clock clock;

    @Activate
    public ModbusBatterySim(@Reference LatestValues latest, @Reference TopologyProvider topology, Config config)
            throws ModbusException {
        this(config, () -> netImport(latest, topology, config.community()), Clock.systemUTC(), true);
    }

    ModbusBatterySim(Config config, DoubleSupplier netImport, Clock clock, boolean schedule) throws ModbusException {
        this.config = config;
        this.netImport = netImport;
        this.clock = clock;
        for (int i = 0; i < 20; i++) {
            image.addRegister(new SimpleRegister(0));
        }
        image.addInputRegister(new SimpleInputRegister(0));
        image.addDigitalOut(new SimpleDigitalOut(false));
        image.addDigitalIn(new SimpleDigitalIn(false));
        image.addDigitalIn(new SimpleDigitalIn(false));
        battery = new BatteryModel(config.ratedPowerW(), config.capacityWh(), 50, clock.millis());
        step();
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), config.port(), 4, false);
        slave.addProcessImage(1, image);
        slave.open();
        if (schedule) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gridhub-sim-modbus");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::safeStep, config.periodMillis(), config.periodMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
        LOG.info("Modbus battery simulator on 127.0.0.1:{} (unit 1)", config.port());
    }

    int port() {
        return config.port();
    }

    /** The community's net import: the sum of its members' meter power (+ import), from the replay. */
    private static double netImport(LatestValues latest, TopologyProvider topology, String communityId) {
        double sum = 0;
        for (Community c : topology.communities()) {
            if (!c.id().equals(communityId)) {
                continue;
            }
            for (Member m : c.members()) {
                for (Site s : m.sites()) {
                    for (var a : s.assets()) {
                        if (a.kind() == AssetKind.METER) {
                            sum += latest.latest(PointId.of(c.id() + "." + a.id() + ".p")).filter(x -> x.quality()
                                    .isGood()).map(Sample::value).orElse(0.0);
                        }
                    }
                }
            }
        }
        return sum;
    }

    private void safeStep() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.warn("Modbus battery simulator step failed", e);
        }
    }

    /** Advances the battery model by the time since the last step and updates the registers. */
    synchronized void step() {
        boolean manual = image.getDigitalOut(0).isSet();
        double want = manual ? image.getFloat(10) : 0.5 * netImport.getAsDouble();
        double p = battery.step(want, clock.millis());
        double soc = battery.soc();
        synchronized (image) {
            image.setFloat(0, p);
            image.setFloat(2, soc);
            image.getRegister(4).setValue((int) Math.round(soc * 10));
            image.setInputRegister(0, new SimpleInputRegister(p > 0 ? 2 : p < 0 ? 1 : 0));
            image.setDigitalIn(0, new SimpleDigitalIn(soc >= 95));
            image.setDigitalIn(1, new SimpleDigitalIn(soc <= 10));
        }
    }

    double soc() {
        return battery.soc();
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
        ModbusSlaveFactory.close(slave);
    }
}
