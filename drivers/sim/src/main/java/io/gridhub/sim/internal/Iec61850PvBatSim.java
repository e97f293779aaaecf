package io.gridhub.sim.internal;

import com.beanit.openiec61850.BasicDataAttribute;
import com.beanit.openiec61850.BdaBoolean;
import com.beanit.openiec61850.BdaFloat32;
import com.beanit.openiec61850.BdaInt32;
import com.beanit.openiec61850.BdaInt64;
import com.beanit.openiec61850.BdaTimestamp;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.ModelNode;
import com.beanit.openiec61850.SclParseException;
import com.beanit.openiec61850.SclParser;
import com.beanit.openiec61850.ServerEventListener;
import com.beanit.openiec61850.ServerModel;
import com.beanit.openiec61850.ServerSap;
import com.beanit.openiec61850.ServiceError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import javax.net.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The field's PV plant with its battery as an IED: the example ICD (config/iec61850/pvbat.icd, built into this
 * jar) served by openiec61850's server on loopback, so that the hub reads it through the real IEC 61850 driver.
 * The PV follows the replayed PV power it is given (MMXU3.TotW, + generation); the battery follows the
 * DRCC1.OutWSet setpoint (kW, + discharge) within 10–95 % state of charge (MMXU2.TotW, W, + discharge); MMXU1
 * carries their sum at the connection point (+ delivered), MMTR1 counts energy (TotWh either way, SupWh delivered,
 * DmdWh taken), each value with a time stamp.
 * GGIO1's controls set their status; the status report (urcbStatus) reports them.
 *
 * <p>Setpoint watchdog: GGIO1.IntIn1 shows the {@link ControlState} (0 LOCAL: no write yet, the battery holds
 * 0 W; 1 REMOTE: follows OutWSet; 2 SAFE). Every write of OutWSet restarts the watchdog; when none arrives for
 * {@code watchdogSeconds}, the battery goes SAFE: 0 W and OutWSet reads back 0, until the next write. Expiry is
 * checked on every model step, on its own clock (wall time in the field; the model runs on simulated time).
 */
public final class Iec61850PvBatSim implements ServerEventListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Iec61850PvBatSim.class);
    private static final String LD = "pvbatLD0";

    /** The last setpoint write: when, and the setpoint in W. Replaced as a whole, so that no lock is needed. */
    private record Remote(long atMillis, double setpointW) {}

    private final DeviceSettings config;
    private final DoubleSupplier pv;
    private final Clock clock;
    private final Clock watchdogClock;
    private final ServerSap sap;
    private final ServerModel copy;
    private final Steps steps;
    private final AtomicReference<Remote> remote = new AtomicReference<>();
    private ControlState state = ControlState.LOCAL;
    private final BatteryModel battery;
    private double energyWh;
    /** Delivered to the grid (MMTR1.SupWh) and taken from it (MMTR1.DmdWh) at the connection point. */
    private double suppliedWh;

    private double demandedWh;
    private double lastPvW;
    private double lastBatteryW;

    /**
     * @param icdFile  SCL file to serve; empty: the built-in pvbat.icd
     * @param pv       the PV power, W (+ generation)
     * @param clock    the simulated time: the model integrates over it and stamps the values with it
     * @param watchdog the clock of the setpoint watchdog: wall time in the field, so that an accelerated simulated
     *                 clock does not shorten the time the hub has to write again
     * @param schedule step on its own thread every period; otherwise only when {@link #step} is called
     */
    Iec61850PvBatSim(
            DeviceSettings config, String icdFile, DoubleSupplier pv, Clock clock, Clock watchdog, boolean schedule)
            throws IOException, SclParseException {
        this.config = config;
        this.pv = pv;
        this.clock = clock;
        this.watchdogClock = watchdog;
        ServerModel model;
        try (InputStream in = icdFile.isBlank()
                ? Iec61850PvBatSim.class.getResourceAsStream("pvbat.icd")
                : withoutDoctype(Path.of(icdFile))) {
            model = SclParser.parse(in).get(0);
        }
        sap = new ServerSap(
                config.port(), 0, InetAddress.getLoopbackAddress(), model, ServerSocketFactory.getDefault());
        sap.startListening(this);
        copy = sap.getModelCopy();
        battery = new BatteryModel(config.ratedPowerW(), config.capacityWh(), 60, clock.millis());
        step();
        steps = schedule ? new Steps("gridhub-sim-iec61850", config.periodMillis(), this::step) : null;
        LOG.info("IEC 61850 PV + battery simulator on 127.0.0.1:{} (logical device {})", config.port(), LD);
    }

    /**
     * Checks the watchdog, advances the model by the time since the last step and publishes the values with their
     * time stamp.
     */
    synchronized void step() {
        long now = clock.millis();
        List<BasicDataAttribute> changed = new ArrayList<>();
        double setpointW = watchdog(watchdogClock.millis(), changed);
        double hours = (now - battery.lastMillis()) / 3_600_000.0;
        double pvW = Math.abs(pv.getAsDouble());
        double bat = battery.step(setpointW, now);
        double soc = battery.soc();
        double total = pvW + bat;
        lastPvW = pvW;
        lastBatteryW = bat;
        energyWh += Math.abs(total) * hours;
        suppliedWh += Math.max(0, total) * hours;
        demandedWh += Math.max(0, -total) * hours;
        double seconds = now / 1000.0;
        set(changed, "MMXU1.TotW.mag.f", total);
        set(changed, "MMXU2.TotW.mag.f", bat);
        set(changed, "MMXU3.TotW.mag.f", pvW);
        set(changed, "MMXU1.TotVAr.mag.f", 0.05 * total);
        set(changed, "MMXU1.Hz.mag.f", 50 + 0.02 * Math.sin(seconds / 7));
        set(changed, "MMXU1.PhV.phsA.cVal.mag.f", 230 + 2 * Math.sin(seconds / 11));
        set(changed, "ZBAT1.SoC.mag.f", soc);
        set(changed, "ZBAT1.Vol.mag.f", 48 + 6 * soc / 100);
        set(changed, "ZBAT1.Amp.mag.f", bat / (48 + 6 * soc / 100));
        Date date = new Date(now);
        counter(changed, "TotWh", energyWh, date);
        counter(changed, "SupWh", suppliedWh, date);
        counter(changed, "DmdWh", demandedWh, date);
        for (String ref : List.of(
                "MMXU1.TotW.t",
                "MMXU2.TotW.t",
                "MMXU3.TotW.t",
                "MMXU1.TotVAr.t",
                "MMXU1.Hz.t",
                "MMXU1.PhV.phsA.t",
                "ZBAT1.SoC.t",
                "ZBAT1.Vol.t",
                "ZBAT1.Amp.t")) {
            if (copy.findModelNode(LD + "/" + ref, Fc.MX) instanceof BdaTimestamp t) {
                t.setDate(date);
                changed.add(t);
            }
        }
        sap.setValues(changed);
    }

    /** An energy counter of MMTR1 (Wh) with its time stamp, when the served ICD has it. */
    private void counter(List<BasicDataAttribute> changed, String name, double wh, Date date) {
        if (copy.findModelNode(LD + "/MMTR1." + name + ".actVal", Fc.ST) instanceof BdaInt64 v
                && copy.findModelNode(LD + "/MMTR1." + name + ".t", Fc.ST) instanceof BdaTimestamp t) {
            v.setValue(Math.round(wh));
            t.setDate(date);
            changed.add(v);
            changed.add(t);
        }
    }

    /**
     * The state the last setpoint write (or none) puts the battery in at {@code now}; on a change, the new state
     * in GGIO1.IntIn1 and, going SAFE, OutWSet back to 0. Returns the power the battery is to run at, W.
     */
    private double watchdog(long now, List<BasicDataAttribute> changed) {
        Remote r = remote.get();
        ControlState next = r == null
                ? ControlState.LOCAL
                : now - r.atMillis() >= config.watchdogSeconds() * 1000L ? ControlState.SAFE : ControlState.REMOTE;
        if (next != state) {
            LOG.info(
                    "IEC 61850 simulator 127.0.0.1:{}: {} -> {}{}",
                    config.port(),
                    state,
                    next,
                    next == ControlState.SAFE
                            ? " (no setpoint write for " + config.watchdogSeconds() + " s: 0 W, OutWSet reset to 0)"
                            : "");
            state = next;
            if (copy.findModelNode(LD + "/GGIO1.IntIn1.stVal", Fc.ST) instanceof BdaInt32 st
                    && copy.findModelNode(LD + "/GGIO1.IntIn1.t", Fc.ST) instanceof BdaTimestamp t) {
                st.setValue(next.code());
                t.setDate(new Date(clock.millis()));
                changed.add(st);
                changed.add(t);
            }
            // A write that came in since the check keeps its value: only the expired one is reset.
            if (next == ControlState.SAFE && remote.get() == r) {
                BdaFloat32 set = (BdaFloat32) copy.findModelNode(LD + "/DRCC1.OutWSet.setMag.f", Fc.SP);
                set.setFloat(0f);
                changed.add(set);
            }
        }
        return state == ControlState.REMOTE ? r.setpointW() : 0;
    }

    /** Who drives the battery now (also in GGIO1.IntIn1). */
    synchronized ControlState controlState() {
        return state;
    }

    private void set(List<BasicDataAttribute> changed, String ref, double v) {
        // An ICD of an earlier version (icdFile) may lack the battery's and PV's own MMXU: those stay unset.
        if (copy.findModelNode(LD + "/" + ref, Fc.MX) instanceof BdaFloat32 f) {
            f.setFloat((float) v);
            changed.add(f);
        }
    }

    /** The PV power of the last step, W (+ generation). */
    synchronized double pvW() {
        return lastPvW;
    }

    /** The battery power of the last step, W (+ discharge). */
    synchronized double batteryW() {
        return lastBatteryW;
    }

    double soc() {
        return battery.soc();
    }

    int port() {
        return config.port();
    }

    /** Writes from clients: the DER setpoint (kW) and GGIO1's single point controls. */
    @Override
    public List<ServiceError> write(List<BasicDataAttribute> bdas) {
        for (BasicDataAttribute b : bdas) {
            String ref = b.getReference().toString();
            if (ref.equals(LD + "/DRCC1.OutWSet.setMag.f") && b instanceof BdaFloat32 f && f.getFloat() != null) {
                remote.set(new Remote(watchdogClock.millis(), f.getFloat() * 1000.0));
            } else if (b.getFc() == Fc.CO && ref.endsWith(".Oper.ctlVal") && b instanceof BdaBoolean v) {
                // The written attributes come without parents: the reference names the object.
                String status = ref.substring(0, ref.length() - ".Oper.ctlVal".length()) + ".stVal";
                boolean value = v.getValue();
                ModelNode n = copy.findModelNode(status, Fc.ST);
                if (n instanceof BdaBoolean st && steps != null) {
                    // After this write returns: the server holds its model while it asks us.
                    steps.execute(() -> {
                        synchronized (this) {
                            st.setValue(value);
                            BdaTimestamp t = (BdaTimestamp) copy.findModelNode(
                                    status.substring(0, status.length() - ".stVal".length()) + ".t", Fc.ST);
                            t.setDate(new Date(clock.millis()));
                            sap.setValues(List.of(st, t));
                        }
                    });
                }
            }
        }
        return null;
    }

    @Override
    public void serverStoppedListening(ServerSap serverSap) {
        LOG.debug("IEC 61850 simulator stopped listening");
    }

    /** Stops the model and the server; idempotent. */
    @Override
    public void close() {
        if (steps != null) {
            steps.close();
        }
        sap.stop();
    }

    /**
     * An SCL file for openiec61850's parser, which resolves external entities (XXE): a file with a DOCTYPE is refused
     * before the library sees it (the driver checks ICDs with a hardened parser, drivers/iec61850's SclFiles).
     */
    static InputStream withoutDoctype(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (new String(bytes, StandardCharsets.ISO_8859_1)
                .toUpperCase(Locale.ROOT)
                .contains("<!DOCTYPE")) {
            throw new IOException(file + ": an SCL file with a DOCTYPE is refused (external entities)");
        }
        return new ByteArrayInputStream(bytes);
    }
}
