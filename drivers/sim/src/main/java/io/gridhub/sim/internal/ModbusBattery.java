package io.gridhub.sim.internal;

import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A community battery as a Modbus TCP server (j2mod slave, unit 1) on loopback, with a device-side watchdog. It
 * runs inside the hub ({@link ModbusBatterySim}) and without OSGi: {@link #start} from a test (j2mod and
 * slf4j-api on the classpath, nothing else), {@link #main} as its own process. Register map:
 * <pre>
 * hr:0  float32 active power, W (+ discharge)    hr:10 float32 power setpoint, W (+ discharge, − charge)
 * hr:2  float32 state of charge, %               hr:12 uint16  heartbeat (any value; the hub writes a counter)
 * hr:4  uint16  state of charge, 0.1 %           hr:13 uint16  watchdog time, s (read-only)
 * ir:0  uint16  0 idle, 1 charging, 2 discharging
 * ir:1  uint16  control state: 0 LOCAL, 1 REMOTE, 2 SAFE
 * coil:1        refuse remote writes (a test switch): writes to hr:10..12 are answered with exception 2
 * di:0  full (≥ 95 %)    di:1 empty (≤ 10 %)
 * </pre>
 * LOCAL (the state at start): its own rule ({@link BatteryControl}: half of the community's net import for a test's
 * community battery, the home's own import for a home battery of the demo field), within its rating and 10–95 %
 * state of charge. Any accepted write to hr:10..12 restarts the watchdog and makes it REMOTE: it
 * follows hr:10. When no such write arrives for the watchdog time it goes SAFE: 0 W and hr:10 reset to 0, until
 * the next write. Expiry is checked on every model step, so SAFE comes at most one step period late. j2mod's slave
 * can only answer a write the process image refuses with exception 2 (illegal data address): anything else its
 * request handlers do not catch and the connection drops; so coil:1 answers 2.
 */
public final class ModbusBattery implements AutoCloseable, WrittenRegister.Device {
    static final int HR_POWER = 0;
    static final int HR_SOC = 2;
    static final int HR_SOC_TENTHS = 4;
    static final int HR_SETPOINT = 10;
    static final int HR_HEARTBEAT = 12;
    static final int HR_WATCHDOG = 13;
    static final int COIL_REFUSE = 1;
    private static final Logger LOG = LoggerFactory.getLogger(ModbusBattery.class);
    private static final int REGISTERS = 20;

    /** hr:13: the watchdog time, not writable by clients. */
    private static final class ReadOnlyRegister extends SimpleRegister {
        private final int ref;

        ReadOnlyRegister(int ref, int value) {
            super((byte) (value >>> 8), (byte) value);
            this.ref = ref;
        }

        @Override
        public void setValue(int v) {
            throw new IllegalAddressException("hr:" + ref + " is read-only");
        }

        @Override
        public void setValue(short s) {
            setValue((int) s);
        }

        @Override
        public void setValue(byte[] bytes) {
            setValue(0);
        }
    }

    private final DeviceSettings settings;
    private final BatteryControl control;
    private final SimpleProcessImage image = new SimpleProcessImage(1);
    private final WrittenRegister setpointHigh = new WrittenRegister(HR_SETPOINT, this, this);
    private final WrittenRegister setpointLow = new WrittenRegister(HR_SETPOINT + 1, this, this);
    private final SimpleDigitalOut refuse = new SimpleDigitalOut(false);
    private final ModbusSlave slave;
    private final Steps steps;

    /**
     * A battery whose model and watchdog run on one clock (a test's), its LOCAL rule half of {@code netImport}.
     *
     * @param schedule step on its own thread every period; otherwise only when {@link #step} is called
     */
    ModbusBattery(DeviceSettings settings, DoubleSupplier netImport, Clock clock, boolean schedule) throws IOException {
        this(
                settings,
                new BatteryControl(
                        "Modbus battery simulator 127.0.0.1:" + settings.port(),
                        settings.ratedPowerW(),
                        settings.capacityWh(),
                        settings.watchdogSeconds(),
                        () -> 0.5 * netImport.getAsDouble(),
                        clock,
                        clock),
                schedule);
    }

    /**
     * A battery driven by {@code control} (its rule, model and watchdog; the field's home batteries run the model on
     * simulated time and the watchdog on wall time), served with the register map above.
     */
    ModbusBattery(DeviceSettings settings, BatteryControl control, boolean schedule) throws IOException {
        if (settings.watchdogSeconds() > 65535) {
            throw new IllegalArgumentException(
                    "watchdog " + settings.watchdogSeconds() + " s: at most 65535 s (hr:13 is a uint16)");
        }
        this.settings = settings;
        this.control = control;
        for (int i = 0; i < REGISTERS; i++) {
            image.addRegister(
                    switch (i) {
                        case HR_SETPOINT -> setpointHigh;
                        case HR_SETPOINT + 1 -> setpointLow;
                        case HR_HEARTBEAT -> new WrittenRegister(HR_HEARTBEAT, this, this);
                        case HR_WATCHDOG -> new ReadOnlyRegister(HR_WATCHDOG, settings.watchdogSeconds());
                        default -> new SimpleRegister((byte) 0, (byte) 0);
                    });
        }
        image.addInputRegister(new SimpleInputRegister(0));
        image.addInputRegister(new SimpleInputRegister(ControlState.LOCAL.code()));
        image.addDigitalOut(new SimpleDigitalOut(false)); // coil:0: reserved (was "manual mode")
        image.addDigitalOut(refuse);
        image.addDigitalIn(new SimpleDigitalIn(false));
        image.addDigitalIn(new SimpleDigitalIn(false));
        step();
        slave = ModbusServers.serve(settings.port(), 1, image);
        steps = schedule
                ? new Steps("gridhub-sim-modbus-" + settings.port(), settings.periodMillis(), this::step)
                : null;
        LOG.info(
                "Modbus battery simulator on 127.0.0.1:{} (unit 1), watchdog {} s",
                settings.port(),
                settings.watchdogSeconds());
    }

    /**
     * Starts a battery simulator outside the hub (for a test): 30 kW, 60 kWh, 50 % state of charge, a step every
     * 200 ms, LOCAL until the first remote write.
     *
     * @param port            TCP port on 127.0.0.1
     * @param watchdogSeconds seconds without a write to hr:10..12 until the safe state
     * @param netImportW      the community's constant net import its LOCAL rule follows (0: it stays idle)
     */
    public static ModbusBattery start(int port, int watchdogSeconds, double netImportW) throws IOException {
        return new ModbusBattery(
                new DeviceSettings(port, 30_000, 60_000, 200, watchdogSeconds),
                () -> netImportW,
                Clock.systemUTC(),
                true);
    }

    /**
     * Runs the simulator as its own process until it is killed:
     * {@code java -cp gridhub-sim.jar:j2mod.jar:slf4j-api.jar io.gridhub.sim.internal.ModbusBattery --port 5502
     * --watchdog-seconds 10 [--net-import-w 0]}. Prints one line {@code listening 127.0.0.1:PORT} when it serves.
     */
    public static void main(String[] args) throws Exception {
        int port = 5502;
        int watchdog = 30;
        double net = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value);
                case "--watchdog-seconds" -> watchdog = Integer.parseInt(value);
                case "--net-import-w" -> net = Double.parseDouble(value);
                default -> {
                    System.err.println("usage: ModbusBattery [--port N] [--watchdog-seconds S] [--net-import-w W]");
                    System.exit(2);
                }
            }
            i++;
        }
        ModbusBattery sim = start(port, watchdog, net);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }));
        System.out.println("listening 127.0.0.1:" + sim.port());
        System.out.flush();
        stop.await();
    }

    /** A write to hr:10..12 is refused while coil:1 is on. */
    @Override
    public void check(int ref) {
        if (refuse.isSet()) {
            throw new IllegalAddressException("remote writes refused (coil:1), hr:" + ref);
        }
    }

    /**
     * An accepted write to hr:10..12 (holding the lock): restarts the watchdog, REMOTE from now. The setpoint takes
     * effect when its low word (hr:11) is written: FC16 writes hr:10 and hr:11 one by one, and a float of one new and
     * one old word is no setpoint.
     */
    @Override
    public void written(int ref) {
        if (ref == HR_SETPOINT + 1) {
            control.setpoint(ModbusServers.floatOf(setpointHigh, setpointLow));
        } else {
            control.heartbeat();
        }
        image.setInputRegister(1, new SimpleInputRegister(control.state().code()));
    }

    /** Checks the watchdog, advances the battery model by the time since the last step, updates the registers. */
    synchronized void step() {
        if (control.step()) {
            setpointHigh.setLocal(0);
            setpointLow.setLocal(0);
        }
        double powerW = control.powerW();
        double soc = control.soc();
        ModbusServers.setFloat(image, HR_POWER, powerW);
        ModbusServers.setFloat(image, HR_SOC, soc);
        image.getRegister(HR_SOC_TENTHS).setValue((int) Math.round(soc * 10));
        image.setInputRegister(0, new SimpleInputRegister(powerW > 0 ? 2 : powerW < 0 ? 1 : 0));
        image.setInputRegister(1, new SimpleInputRegister(control.state().code()));
        image.setDigitalIn(0, new SimpleDigitalIn(soc >= 95));
        image.setDigitalIn(1, new SimpleDigitalIn(soc <= 10));
    }

    /** The TCP port it serves on 127.0.0.1. */
    public int port() {
        return settings.port();
    }

    /** Who drives its power now (also in ir:1). */
    public ControlState controlState() {
        return control.state();
    }

    /** The power it ran at in the last step, W (+ discharge). */
    public double powerW() {
        return control.powerW();
    }

    /** State of charge, %. */
    public double soc() {
        return control.soc();
    }

    /** Stops the model and the server; idempotent. */
    @Override
    public void close() {
        if (steps != null) {
            steps.close();
        }
        ModbusSlaveFactory.close(slave);
    }
}
