#!/usr/bin/env python3
"""Writes the hub-side description of the field's Modbus devices from config/demo/field.json:
- per meter gateway its mapping file config/demo/mappings/meters-K.json (source meters-K: every register the gateway
  serves, as the points demo.mNN-meter.p, demo.mNN-meter.e_imp and demo.mNN-load.p with the register's scale) and its
  device configuration config/demo/io.gridhub.driver.modbus.device-meters-K.cfg;
- per home battery (drivers/sim's ModbusBattery register map) mappings/mNN-bat.json and device-mNN-bat.cfg;
- for the hot-water load-control gateway (HotWaterSystems) mappings/hot-water.json and device-hot-water.cfg.
- per simulated EV charger (evChargers: an OCPP 1.6J charge point dialling in to the hub's central system,
  drivers/ocpp) mappings/NAME.json and io.gridhub.driver.ocpp.device-NAME.cfg (admitted without credentials from
  loopback); the others (no simulator: for a real or third-party charger) are guests of the central system,
  io.gridhub.driver.ocpp.cfg, so that no device waits offline for them.
The field reads the same register maps, so the two cannot drift apart; drivers/sim's DemoConfigurationTest checks
that every served register is mapped.

Usage: tools/demo-data/make_field_mappings.py [config/demo]
"""
import json
import sys

VALUES = [("p", "meter.p", "W", "active power at the connection point, + import"),
          ("e_imp", "meter.e_imp", "Wh", "import energy counter"),
          ("load", "load.p", "W", "household consumption (CT clamp on the main board)")]


def address(reg, k):
    a = f"{reg['table']}:{reg['base'] + k * reg['stride']}:{reg['type']}"
    return a if reg["order"] == "abcd" else f"{a}:{reg['order']}"


def describe(reg):
    kind = "holding" if reg["table"] == "hr" else "input"
    order = {"abcd": "big-endian", "cdab": "words swapped", "badc": "bytes swapped", "dcba": "words and bytes swapped"}
    return f"{kind} {reg['type']} {order[reg['order']]} x {reg['scale']:g}"


def device_cfg(demo, name, what, port, unit, poll=1000):
    with open(f"{demo}/io.gridhub.driver.modbus.device-{name}.cfg", "w") as f:
        f.write(f"""# {what} of the demo field
# (drivers/sim: java -jar gridhub-field.jar, config/demo/field.json). Written by tools/demo-data/make_field_mappings.py.
# Driver settings (ModbusSettings): host, port, unitId, timeoutMillis, maxGap, maxRegistersPerRequest, ...
host = 127.0.0.1
port = {port}
unitId = {unit}
timeoutMillis = 1000
# Host settings (DeviceConfig): what to read and which points it becomes is described once, by the mapping of
# source {name} (mappings/{name}.json).
pollMillis = {poll}
backoffMinMillis = 1000
backoffMaxMillis = 60000
""")


def mapping(demo, name, description, entries):
    lines = ["    " + json.dumps(e, separators=(", ", ": "), ensure_ascii=False) for e in entries]
    with open(f"{demo}/mappings/{name}.json", "w") as f:
        f.write("{\n"
                f'  "source": "{name}",\n'
                f'  "description": {json.dumps(description, ensure_ascii=False)},\n'
                '  "points": [\n' + ",\n".join(lines) + "\n  ]\n}\n")


def control_points(asset, setpoint, heartbeat, state, states):
    """The writable setpoint, the watchdog heartbeat and the control state of a controllable asset."""
    return [
        {"address": setpoint, "point": f"demo.{asset}.p_set", "unit": "W", "min": -100000, "max": 100000},
        {"address": heartbeat, "point": f"demo.{asset}.heartbeat", "unit": "", "min": 0, "max": 65535,
         "quantity": "DIMENSIONLESS", "asset": asset, "kind": "SETPOINT",
         "description": "watchdog heartbeat: the hub writes a changing counter every few seconds"},
        {"address": state, "point": f"demo.{asset}.control_state", "unit": "", "min": 0, "max": 2,
         "quantity": "STATUS", "asset": asset, "kind": "STATUS", "description": states}]


def home_batteries(demo, field):
    for b in field.get("homeBatteries", []):
        name = b["name"]
        entries = [
            {"address": "hr:0:float32", "point": f"demo.{name}.p", "unit": "W", "min": -100000, "max": 100000},
            {"address": "hr:4:uint16", "point": f"demo.{name}.soc", "unit": "%", "scale": 0.1, "min": 0, "max": 100},
        ] + control_points(name, "hr:10:float32", "hr:12:uint16", "ir:1:uint16",
                           "0 LOCAL (covers the home's import), 1 REMOTE (follows p_set), "
                           "2 SAFE (watchdog expired: 0 W, p_set reset to 0)")
        mapping(demo, name,
                f"Home battery of member m{b['member']:02d} ({b['ratedPowerW'] / 1000:g} kW, "
                f"{b['capacityWh'] / 1000:g} kWh) behind its meter, a Modbus TCP server of the demo field (drivers/sim "
                f"ModbusBattery register map; device io.gridhub.driver.modbus.device-{name}.cfg, unit 1): power "
                f"(+ discharge), state of charge, the setpoint and heartbeat the hub writes, the control state. "
                f"Without a write for {b['watchdogSeconds']} s (wall time) it goes to its safe state (0 W). "
                "Written by tools/demo-data/make_field_mappings.py.",
                entries)
        device_cfg(demo, name, f"Home battery {name}", b["port"], 1)


def hot_water(demo, field):
    h = field.get("hotWater")
    if not h:
        return
    entries = []
    for k, m in enumerate(h["members"]):
        asset = f"m{m:02d}-hw"
        base = h["base"] + 10 * k
        entries += [
            {"address": f"hr:{base}:float32", "point": f"demo.{asset}.p", "unit": "W", "min": 0, "max": 100000},
            {"address": f"hr:{base + 4}:float32", "point": f"demo.{asset}.energy_need", "unit": "Wh",
             "min": 0, "max": 100000, "quantity": "ACTIVE_ENERGY", "asset": asset, "kind": "MEASUREMENT",
             "description": "heat still needed to bring the tank to its full temperature"},
            {"address": f"hr:{base + 6}:float32", "point": f"demo.{asset}.temperature", "unit": "degC",
             "min": 0, "max": 100, "quantity": "TEMPERATURE", "asset": asset, "kind": "MEASUREMENT",
             "description": "tank temperature"},
        ] + control_points(asset, f"hr:{base + 2}:float32", f"hr:{base + 8}:uint16", f"hr:{base + 9}:uint16",
                           "0 LOCAL (its off-peak timer, 22:00-07:00), 1 REMOTE (draws up to p_set), "
                           "2 SAFE (watchdog expired: its off-peak timer again)")
    mapping(demo, h["name"],
            f"Hot-water systems of members {', '.join(f'm{m:02d}' for m in h['members'])} "
            f"({h['ratedPowerW'] / 1000:g} kW element, {h['tankLitres']:g} l tank each) behind one Modbus TCP "
            f"load-control gateway of the demo field (drivers/sim HotWaterSystems; device "
            f"io.gridhub.driver.modbus.device-{h['name']}.cfg, unit {h['unitId']}): per system the power drawn, the heat "
            "still needed, the tank temperature, the allowed power and heartbeat the hub writes, the control state. "
            "Written by tools/demo-data/make_field_mappings.py.",
            entries)
    device_cfg(demo, h["name"], "Hot-water load-control gateway", h["port"], h["unitId"])


def ev_chargers(demo, field):
    guests = [c for c in field.get("evChargers", []) if not c["simulated"]]
    with open(f"{demo}/io.gridhub.driver.ocpp.cfg", "w") as f:
        f.write("""# The demo's OCPP 1.6J central system (drivers/ocpp): charge points dial in to ws://127.0.0.1:9220/ocpp/<id>.
# Written by tools/demo-data/make_field_mappings.py from config/demo/field.json.
host = 127.0.0.1
port = 9220
path = /ocpp
# The charge points without a simulator (evChargers with simulated false): admitted without credentials from
# loopback and without a device configuration (no points, no device waiting offline for them), each with its
# EV_CHARGER asset and rating so that its sessions are planned and it gets charging profiles.
guests = """ + ", ".join(f"{c['name']};assetId={c['name']};maxPowerW={c['maxPowerW']:g};canDischarge="
                         f"{str(c['canDischarge']).lower()};defaultStayMinutes={c['defaultStayMinutes']};"
                         f"defaultEnergyWh={c['defaultEnergyWh']:g}" for c in guests) + "\n")
    for c in field.get("evChargers", []):
        if not c["simulated"]:
            continue
        name = c["name"]
        entries = [
            {"address": "1:Power.Active.Import", "point": f"demo.{name}.p", "unit": "W", "min": -100000, "max": 100000},
            {"address": "1:Energy.Active.Import.Register", "point": f"demo.{name}.e_imp", "unit": "Wh",
             "min": 0, "max": 1000000000, "quantity": "ACTIVE_ENERGY", "asset": name, "kind": "MEASUREMENT",
             "description": "energy register of connector 1 (import)"},
            {"address": "1:status", "point": f"demo.{name}.status", "unit": "", "min": 0, "max": 8,
             "quantity": "STATUS", "asset": name, "kind": "STATUS",
             "description": "connector 1: 0 Available, 1 Preparing, 2 Charging, 3 SuspendedEVSE, 4 SuspendedEV, "
             "5 Finishing, 6 Reserved, 7 Unavailable, 8 Faulted"},
            {"address": "1:session", "point": f"demo.{name}.session", "unit": "", "min": 0, "max": 1,
             "quantity": "STATUS", "asset": name, "kind": "STATUS",
             "description": "1 while a transaction runs on connector 1"}]
        who = ("simulated by the demo field, drivers/sim" if c["simulated"]
               else "no simulator: for plugging in a real or third-party charger on the hub's host")
        mapping(demo, name,
                f"EV charger {name} of member m{c['member']:02d} ({c['maxPowerW'] / 1000:g} kW), an OCPP 1.6J charge "
                f"point at ws://127.0.0.1:9220/ocpp/{name}, {who} (device io.gridhub.driver.ocpp.device-{name}.cfg): "
                "connector 1's power (+ charging), energy register, status and session flag. Its "
                "sessions feed the loop's EV constraints and the plan goes to it as charging profiles (bundles/loop). "
                "Written by tools/demo-data/make_field_mappings.py.",
                entries)
        with open(f"{demo}/io.gridhub.driver.ocpp.device-{name}.cfg", "w") as f:
            f.write(f"""# EV charger {name} of member m{c['member']:02d}, an OCPP 1.6J charge point ({who}).
# Written by tools/demo-data/make_field_mappings.py from config/demo/field.json.
# Driver settings (OcppSettings): it dials in to ws://127.0.0.1:9220/ocpp/{name} (the central system's defaults);
# allowNoAuth admits it without credentials, only from the loopback address.
chargePointId = {name}
allowNoAuth = true
maxPowerW = {c['maxPowerW']}
canDischarge = {str(c['canDischarge']).lower()}
assetId = {name}
defaultStayMinutes = {c['defaultStayMinutes']}
defaultEnergyWh = {c['defaultEnergyWh']}
# Host settings (DeviceConfig): which points its readings become is described by the mapping of source {name}
# (mappings/{name}.json). Until it dials in, the device is offline and retried with backoff.
pollMillis = 5000
backoffMinMillis = 1000
backoffMaxMillis = 30000
""")


def main():
    demo = sys.argv[1] if len(sys.argv) > 1 else "config/demo"
    with open(f"{demo}/field.json") as f:
        field = json.load(f)
    for g in field["gateways"]:
        name = g["name"]
        last = g["firstMember"] + g["members"] - 1
        maps = "; ".join(f"{v} {describe(g[v])}" for v, _, _, _ in VALUES)
        entries = []
        for k in range(g["members"]):
            m = f"m{g['firstMember'] + k:02d}"
            for v, point, unit, what in VALUES:
                reg = g[v]
                entry = {"address": address(reg, k), "point": f"demo.{m}-{point}", "unit": unit}
                if reg["scale"] != 1:
                    entry["scale"] = reg["scale"]
                if unit == "W":
                    entry.update({"min": -100000, "max": 100000})
                entries.append(entry)
        mapping(demo, name,
                f"Meter gateway {name} of the demo field (drivers/sim, config/demo/field.json; device "
                f"io.gridhub.driver.modbus.device-{name}.cfg, unit {g['unitId']}): members "
                f"m{g['firstMember']:02d}..m{last:02d}, per member the meter power (+ import), its import counter and "
                f"the household consumption. Register map: {maps}. Written by tools/demo-data/make_field_mappings.py.",
                entries)
        device_cfg(demo, name, f"Meter gateway {name} (members m{g['firstMember']:02d}..m{last:02d})", g["port"],
                   g["unitId"])
    home_batteries(demo, field)
    hot_water(demo, field)
    ev_chargers(demo, field)


if __name__ == "__main__":
    main()
