package io.gridhub.sim.internal;

import io.gridhub.api.concurrent.Daemons;
import io.gridhub.sim.internal.FieldConfig.Gateway;
import io.gridhub.sim.internal.FieldConfig.PvPlant;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device of the field, running on one simulated clock: the members' hot-water systems, EV chargers (OCPP
 * clients of the hub's central system) and home batteries, the
 * meter gateways, the PV plant, the shared battery and the RTU step together (the plant on its own thread, it serves
 * controls between steps), the weather and price intake on another thread, so that a slow hub never holds a device
 * back.
 */
final class FieldDevices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FieldDevices.class);

    /**
     * Where the field sends what the hub takes through its intake.
     *
     * @param ingest the weather source's HTTP intake URL (null: no weather)
     * @param user   {@code USER:PASSWORD} for it (null: none)
     * @param inbox  the hub's inbox folder for price files (null: no prices)
     */
    record Intake(URI ingest, String user, Path inbox) {}

    final CommunityData data;
    final List<MeterGateway> gateways = new ArrayList<>();
    final Map<Integer, ModbusBattery> homeBatteries = new TreeMap<>();
    final HotWaterSystems hotWater;
    final Iec61850PvBatSim plant;
    final OpcUaBattery battery;
    final SubstationRtu rtu;
    final WeatherPush weather;
    final PriceFiles prices;
    final EvChargePoints evChargers;
    private final Clock sim;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ScheduledExecutorService timer;

    /**
     * @param base      the folder the config's relative files are in
     * @param sim       the simulated clock
     * @param wall      the wall clock (the devices' watchdogs)
     * @param stepMillis wall milliseconds between steps; 0: no threads, the caller calls {@link #step} and
     *                  {@link #intake}
     */
    FieldDevices(FieldConfig config, Path base, Clock sim, Clock wall, Intake intake, int stepMillis) throws Exception {
        this.sim = sim;
        ZoneId zone = ZoneId.of(config.zone());
        data = CommunityData.read(base.resolve(config.data()), zone);
        try {
            FieldConfig.HotWater hw = config.hotWater();
            hotWater = hw == null ? null : opened(new HotWaterSystems(hw, data::dailyMeanWh, zone, sim, wall));
            evChargers = opened(new EvChargePoints(config.evChargers(), config.ocpp(), zone, sim, wall));
            for (FieldConfig.HomeBattery h : config.homeBatteries()) {
                int m = h.member();
                homeBatteries.put(
                        m,
                        opened(new ModbusBattery(
                                new DeviceSettings(
                                        h.port(), h.ratedPowerW(), h.capacityWh(), 1000, h.watchdogSeconds()),
                                new BatteryControl(
                                        h.name(),
                                        h.ratedPowerW(),
                                        h.capacityWh(),
                                        h.watchdogSeconds(),
                                        () -> data.householdW(m, sim.millis()) + hotWaterW(m),
                                        sim,
                                        wall),
                                false)));
            }
            for (Gateway g : config.gateways()) {
                gateways.add(opened(new MeterGateway(g, data, this::ownDevicesW, sim)));
            }
            PvPlant pv = config.pvPlant();
            double pvScale = pv.ratedPowerW() / (pv.aggregateKwp() * 1000);
            plant = opened(new Iec61850PvBatSim(
                    new DeviceSettings(
                            pv.port(),
                            pv.batteryPowerW(),
                            pv.batteryCapacityWh(),
                            Math.max(1, stepMillis),
                            pv.watchdogSeconds()),
                    "",
                    () -> data.pvAggregateW(sim.millis()) * pvScale,
                    sim,
                    wall,
                    stepMillis > 0));
            FieldConfig.Battery b = config.sharedBattery();
            battery = opened(new OpcUaBattery(
                    b.name(),
                    b.meter(),
                    b.port(),
                    b.path(),
                    new BatteryControl(
                            b.name(),
                            b.ratedPowerW(),
                            b.capacityWh(),
                            b.watchdogSeconds(),
                            () -> 0.5 * netImportW(),
                            sim,
                            wall),
                    sim));
            rtu = opened(new SubstationRtu(
                    config.rtu(),
                    (m, t) -> data.householdW(m, t) + ownDevicesW(m),
                    Map.of(
                            "shared-bat", () -> battery.control().powerW(),
                            "pv-plant", () -> plant.pvW() + plant.batteryW()),
                    sim));
            weather = intake.ingest() == null ? null : new WeatherPush(intake.ingest(), intake.user(), data, sim, wall);
            FieldConfig.Prices p = config.prices();
            prices = intake.inbox() == null
                    ? null
                    : new PriceFiles(
                            base.resolve(p.file()),
                            LocalDate.parse(p.firstDay()),
                            p.days(),
                            p.publishHour(),
                            zone,
                            intake.inbox(),
                            sim);
        } catch (Exception e) {
            close();
            throw e;
        }
        if (stepMillis > 0) {
            timer = Executors.newScheduledThreadPool(2, Daemons.threads("gridhub-field"));
            timer.scheduleAtFixedRate(() -> guarded("step", this::step), 0, stepMillis, TimeUnit.MILLISECONDS);
            timer.scheduleWithFixedDelay(() -> guarded("intake", this::intake), 0, 1000, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    private <T extends AutoCloseable> T opened(T device) {
        open.add(device);
        return device;
    }

    private double hotWaterW(int member) {
        return hotWater == null ? 0 : hotWater.powerW(member);
    }

    /**
     * What member {@code m}'s own devices draw behind its meter, W (+ import): hot water and its EV charger less its
     * battery.
     */
    double ownDevicesW(int member) {
        ModbusBattery b = homeBatteries.get(member);
        return hotWaterW(member) + evChargers.powerW(member) - (b == null ? 0 : b.powerW());
    }

    /** The community's net import without the shared battery: the members' meters less the plant's output, W. */
    double netImportW() {
        long now = sim.millis();
        double w = 0;
        for (int m = 1; m <= data.households(); m++) {
            w += data.householdW(m, now) + ownDevicesW(m);
        }
        return plant == null ? w : w - plant.pvW() - plant.batteryW();
    }

    /**
     * Advances the members' devices, the meters, the battery and the RTU to now (the plant steps on its own thread when
     * scheduled).
     */
    void step() {
        if (hotWater != null) {
            hotWater.step();
        }
        evChargers.step();
        homeBatteries.values().forEach(ModbusBattery::step);
        gateways.forEach(MeterGateway::step);
        battery.step();
        rtu.step();
    }

    /** Pushes the weather and writes the prices that are due. */
    void intake() throws IOException {
        if (weather != null) {
            weather.step();
        }
        if (prices != null) {
            prices.step();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void guarded(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            LOG.warn("field {} failed", what, e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                LOG.debug("closing {}", open.get(i), e);
            }
        }
    }
}
