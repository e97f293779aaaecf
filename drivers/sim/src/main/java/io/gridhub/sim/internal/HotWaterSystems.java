package io.gridhub.sim.internal;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.gridhub.sim.internal.FieldConfig.HotWater;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members' electric hot-water systems behind one load-control gateway (a j2mod Modbus TCP slave on loopback), each
 * a storage tank with a resistive element, and the flexible loads of the demo. Per system {@code k} (0-based), at
 * {@code base + 10 k}, holding registers, float32 big-endian:
 * <pre>
 * +0 power drawn, W (read)          +4 heat still needed to bring the tank to full temperature, Wh (read)
 * +2 power allowed, W (written)     +6 tank temperature, °C (read)
 * +8 heartbeat, uint16 (written)    +9 control state, uint16 (read): 0 LOCAL, 1 REMOTE, 2 SAFE
 * </pre>
 * The tank: {@code tankLitres} of water, 1.163 Wh per litre and kelvin, full at 65 °C, cold water at 20 °C. Its
 * member draws hot water every day, by a fixed Australian household shape (a morning and an evening peak) scaled to
 * the member's daily draw, and it loses 50 W of standing heat. The element heats at up to its rating while the tank
 * is below 65 °C:
 * <ul>
 *   <li>LOCAL (at start) and SAFE (no write to +2 or +8 for the watchdog time, wall clock): the off-peak timer of a
 *   controlled-load tariff, full power from 22:00 to 07:00 local time, the way such systems run without a hub. SAFE
 *   is that rule, not 0 W: a tank left cold is not a safe state for its household;</li>
 *   <li>REMOTE (after a write): the allowed power (+2), whatever the hour;</li>
 *   <li>always: below 45 °C it heats at full power (its comfort guard), whatever it is allowed.</li>
 * </ul>
 * The daily draw is not measured data (the SGSC households' controlled-load channel is empty): it is the member's
 * mean daily general-supply energy × {@code drawShare}, within 3–9 kWh, as config/demo/data/README.md says.
 */
final class HotWaterSystems implements AutoCloseable, WrittenRegister.Device {
    private static final Logger LOG = LoggerFactory.getLogger(HotWaterSystems.class);
    static final int STRIDE = 10;
    static final double FULL_C = 65;
    static final double COLD_C = 20;
    static final double GUARD_C = 45;
    static final double STANDING_LOSS_W = 50;
    static final double WH_PER_LITRE_KELVIN = 1.163;

    /** Share of a day's hot-water draw in each local hour (sums to 1): a morning and an evening peak. */
    static final double[] DRAW_BY_HOUR = {
        0.005, 0.005, 0.005, 0.005, 0.01, 0.03, 0.10, 0.14, 0.10, 0.05, 0.03, 0.03,
        0.03, 0.03, 0.03, 0.03, 0.04, 0.06, 0.08, 0.09, 0.07, 0.04, 0.015, 0.005
    };

    /** One tank and its element. */
    final class Tank {
        final int member;
        final double dailyDrawWh;
        final int base;
        double temperatureC = 55;
        double powerW;
        double allowedW;
        final Watchdog watchdog;

        Tank(int member, double dailyDrawWh, int base) {
            this.member = member;
            this.dailyDrawWh = dailyDrawWh;
            this.base = base;
            this.watchdog = new Watchdog(
                    String.format("%s: m%02d hot water", config.name(), member), config.watchdogSeconds(), wall);
        }

        double needWh() {
            return Math.max(0, (FULL_C - temperatureC) * heatCapacityWhPerK);
        }
    }

    private final HotWater config;
    private final Clock sim;
    private final Clock wall;
    private final ZoneId zone;
    private final double heatCapacityWhPerK;
    private final List<Tank> tanks = new ArrayList<>();
    private final SimpleProcessImage image;
    private final ModbusSlave slave;
    private long lastMillis;

    /**
     * @param dailyMeanWh each member's mean daily general-supply energy, Wh (the draw is a share of it)
     * @param sim         the simulated clock (the tanks' heat)
     * @param wall        the wall clock (the watchdog)
     */
    HotWaterSystems(HotWater config, IntToDoubleFunction dailyMeanWh, ZoneId zone, Clock sim, Clock wall)
            throws IOException {
        this.config = config;
        this.sim = sim;
        this.wall = wall;
        this.zone = zone;
        this.heatCapacityWhPerK = config.tankLitres() * WH_PER_LITRE_KELVIN;
        this.image = new SimpleProcessImage(config.unitId());
        for (int k = 0; k < config.members().size(); k++) {
            int m = config.members().get(k);
            double draw = Math.max(3000, Math.min(9000, config.drawShare() * dailyMeanWh.applyAsDouble(m)));
            tanks.add(new Tank(m, draw, config.base() + k * STRIDE));
        }
        int end = config.base() + tanks.size() * STRIDE;
        for (int ref = 0; ref < end; ref++) {
            int offset = ref < config.base() ? -1 : (ref - config.base()) % STRIDE;
            image.addRegister(
                    offset == 2 || offset == 3 || offset == 8
                            ? new WrittenRegister(ref, this, this)
                            : new SimpleRegister((byte) 0, (byte) 0));
        }
        lastMillis = sim.millis();
        step();
        slave = ModbusServers.serve(config.port(), config.unitId(), image);
        LOG.info(
                "{}: Modbus TCP load-control gateway on 127.0.0.1:{} (unit {}), hot-water systems of members {}",
                config.name(),
                config.port(),
                config.unitId(),
                config.members());
    }

    private Tank tankAt(int ref) {
        return tanks.get((ref - config.base()) / STRIDE);
    }

    /** A write to a tank's allowed power (when its second word arrives) or heartbeat: REMOTE, watchdog restarts. */
    @Override
    public void written(int ref) {
        Tank t = tankAt(ref);
        if (ref == t.base + 3) {
            t.allowedW =
                    Math.max(0, ModbusServers.floatOf(image.getRegister(t.base + 2), image.getRegister(t.base + 3)));
        }
        t.watchdog.written("write to hr:" + ref);
    }

    /** Checks the watchdogs, runs every tank from the last step to now and updates the registers. */
    synchronized void step() {
        long now = sim.millis();
        double hours = Math.max(0, now - lastMillis) / 3_600_000.0;
        lastMillis = Math.max(lastMillis, now);
        int hour = Instant.ofEpochMilli(now).atZone(zone).getHour();
        boolean offPeak = hour >= 22 || hour < 7;
        for (Tank t : tanks) {
            if (t.watchdog.expire("its off-peak timer")) {
                t.allowedW = 0;
                ((WrittenRegister) image.getRegister(t.base + 2)).setLocal(0);
                ((WrittenRegister) image.getRegister(t.base + 3)).setLocal(0);
            }
            double wanted = t.watchdog.state() == ControlState.REMOTE ? t.allowedW : offPeak ? config.ratedPowerW() : 0;
            if (t.temperatureC < GUARD_C) {
                wanted = config.ratedPowerW();
            }
            double drawWh = t.dailyDrawWh * DRAW_BY_HOUR[hour] * hours + STANDING_LOSS_W * hours;
            double heatWh = Math.min(Math.max(0, Math.min(config.ratedPowerW(), wanted)) * hours, t.needWh() + drawWh);
            t.powerW =
                    hours > 0 ? heatWh / hours : t.temperatureC < FULL_C ? Math.min(config.ratedPowerW(), wanted) : 0;
            t.temperatureC = Math.max(COLD_C, t.temperatureC + (heatWh - drawWh) / heatCapacityWhPerK);
            ModbusServers.setFloat(image, t.base, t.powerW);
            ModbusServers.setFloat(image, t.base + 4, t.needWh());
            ModbusServers.setFloat(image, t.base + 6, t.temperatureC);
            image.getRegister(t.base + 9).setValue(t.watchdog.state().code());
        }
    }

    /** The power member {@code m}'s element drew in the last step, W (0 for a member without a system). */
    synchronized double powerW(int member) {
        for (Tank t : tanks) {
            if (t.member == member) {
                return t.powerW;
            }
        }
        return 0;
    }

    synchronized List<Tank> tanks() {
        return List.copyOf(tanks);
    }

    int port() {
        return config.port();
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }
}
