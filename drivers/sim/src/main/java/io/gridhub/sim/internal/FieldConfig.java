package io.gridhub.sim.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The field's description (config/demo/field.json): the data slice, its zone, and every device with its port.
 *
 * @param data          the community slice (CSV), relative to the file
 * @param zone          the zone of the slice's wall-clock labels and of the community (days, 13:00 price release)
 * @param gateways      the Modbus TCP meter gateways, each with its own register map
 * @param pvPlant       the IEC 61850 PV plant with its battery
 * @param sharedBattery the OPC UA community battery
 * @param homeBatteries the members' own batteries, one Modbus TCP server each
 * @param hotWater      the members' hot-water systems behind one Modbus TCP load-control gateway
 * @param rtu           the IEC 104 substation RTU
 * @param prices        the day-ahead price shape written into the hub's inbox
 * @param evChargers    the members' EV chargers: OCPP 1.6J charge points that dial in to the hub's central system
 * @param ocpp          the central system's URL before the charge point id (default ws://127.0.0.1:9220/ocpp)
 */
record FieldConfig(
        String data,
        String zone,
        List<Gateway> gateways,
        PvPlant pvPlant,
        Battery sharedBattery,
        List<HomeBattery> homeBatteries,
        HotWater hotWater,
        Rtu rtu,
        Prices prices,
        List<EvCharger> evChargers,
        String ocpp) {
    FieldConfig {
        homeBatteries = homeBatteries == null ? List.of() : List.copyOf(homeBatteries);
        evChargers = evChargers == null ? List.of() : List.copyOf(evChargers);
        ocpp = ocpp == null || ocpp.isBlank() ? "ws://127.0.0.1:9220/ocpp" : ocpp;
    }

    /**
     * Where and how one value of every member of a gateway sits: member k (0-based) at {@code base + k × stride}.
     *
     * @param table  {@code hr} or {@code ir}
     * @param type   int16, uint16, int32, uint32, float32 or float64
     * @param order  abcd, cdab, badc or dcba (the hub's Modbus address syntax)
     * @param scale  the register's raw value × scale is the value in W or Wh
     */
    record Register(String table, int base, int stride, String type, String order, double scale) {}

    /**
     * A meter gateway: members {@code firstMember .. firstMember + members - 1}, three values each.
     *
     * @param p    the meter's active power at the connection point, W, + import
     * @param eImp the meter's import counter, Wh
     * @param load the household's consumption, W
     */
    record Gateway(
            String name,
            int port,
            int unitId,
            int firstMember,
            int members,
            Register p,
            @JsonProperty("e_imp") Register eImp,
            Register load) {}

    /**
     * @param aggregateKwp the peak rating of the slice's PV aggregate, which the plant's rating scales
     * @param ratedPowerW  the plant's PV rating
     */
    record PvPlant(
            String name,
            int port,
            double ratedPowerW,
            double aggregateKwp,
            double batteryPowerW,
            double batteryCapacityWh,
            int watchdogSeconds) {}

    /** @param meter the meter at the battery's connection point, served beside it */
    record Battery(
            String name,
            String meter,
            int port,
            String path,
            double ratedPowerW,
            double capacityWh,
            int watchdogSeconds) {}

    /**
     * A member's battery behind its meter, served as {@link ModbusBattery} (its register map) on its own port. Its
     * own rule, until the hub writes: cover the home's import.
     */
    record HomeBattery(String name, int member, int port, double ratedPowerW, double capacityWh, int watchdogSeconds) {}

    /**
     * A member's EV charger, charge point {@code name} at {@code ws://127.0.0.1:9220/ocpp/<name>} and EV_CHARGER asset
     * {@code name} of the community.
     *
     * @param simulated          whether the field runs a charge point for it (else it waits for a real or
     *                           third-party charger)
     * @param defaultStayMinutes a session's departure after its arrival until the member says otherwise
     * @param defaultEnergyWh    a session's energy need until the member says otherwise
     */
    record EvCharger(
            String name,
            int member,
            double maxPowerW,
            boolean canDischarge,
            boolean simulated,
            int defaultStayMinutes,
            double defaultEnergyWh) {}

    /**
     * The hot-water systems of {@code members}, one block of registers each ({@link HotWaterSystems}).
     *
     * @param drawShare a member's daily hot-water draw as a share of its mean daily household energy
     */
    record HotWater(
            String name,
            int port,
            int unitId,
            int base,
            List<Integer> members,
            double ratedPowerW,
            double tankLitres,
            double drawShare,
            int watchdogSeconds) {}

    /**
     * @param feeders     each feeder's members and the shared assets on it
     * @param transformer the transformer all feeders hang from
     */
    record Rtu(
            String name,
            int port,
            int commonAddress,
            double powerFactor,
            List<Feeder> feeders,
            Transformer transformer) {}

    /**
     * @param assets {@code shared-bat} (the OPC UA battery) and {@code pv-plant} (the PV plant with its battery)
     */
    record Feeder(String id, int ioaP, int ioaQ, int firstMember, int lastMember, List<String> assets) {}

    record Transformer(String id, int ioa, double ratedApparentPowerVA) {}

    /**
     * @param file       the hourly price slice (SMARD CSV), relative to the file
     * @param firstDay   the slice's first day; a simulated day takes the slice day of the same weekday
     * @param days       how many days of the slice are used (a multiple of 7)
     * @param publishHour local hour at which the next day's prices are released
     */
    record Prices(String file, String firstDay, int days, int publishHour) {}

    static FieldConfig read(Path file) throws IOException {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build()
                .readValue(file.toFile(), FieldConfig.class);
    }
}
