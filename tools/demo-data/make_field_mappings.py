#!/usr/bin/env python3
"""Writes the hub-side description of the field's meter gateways from config/demo/field.json: per gateway its
mapping file config/demo/mappings/meters-K.json (source meters-K: every register the gateway serves, as the points
demo.mNN-meter.p, demo.mNN-meter.e_imp and demo.mNN-load.p with the register's scale) and its device configuration
config/demo/io.gridhub.driver.modbus.device-meters-K.cfg. The field reads the same register maps, so the two cannot
drift apart; drivers/sim's MappingFilesTest checks that every served register is mapped.

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


def main():
    demo = sys.argv[1] if len(sys.argv) > 1 else "config/demo"
    with open(f"{demo}/field.json") as f:
        field = json.load(f)
    for g in field["gateways"]:
        name = g["name"]
        last = g["firstMember"] + g["members"] - 1
        maps = "; ".join(f"{v} {describe(g[v])}" for v, _, _, _ in VALUES)
        lines = []
        for k in range(g["members"]):
            m = f"m{g['firstMember'] + k:02d}"
            for v, point, unit, what in VALUES:
                reg = g[v]
                entry = {"address": address(reg, k), "point": f"demo.{m}-{point}", "unit": unit}
                if reg["scale"] != 1:
                    entry["scale"] = reg["scale"]
                if unit == "W":
                    entry.update({"min": -100000, "max": 100000})
                lines.append("    " + json.dumps(entry, separators=(", ", ": ")))
        text = ("{\n"
                f'  "source": "{name}",\n'
                f'  "description": "Meter gateway {name} of the demo field (drivers/sim, config/demo/field.json; device '
                f'io.gridhub.driver.modbus.device-{name}.cfg, unit {g["unitId"]}): members m{g["firstMember"]:02d}..m{last:02d}, '
                f'per member the meter power (+ import), its import counter and the household consumption. Register map: '
                f'{maps}. Written by tools/demo-data/make_field_mappings.py.",\n'
                '  "points": [\n' + ",\n".join(lines) + "\n  ]\n}\n")
        with open(f"{demo}/mappings/{name}.json", "w") as f:
            f.write(text)
        with open(f"{demo}/io.gridhub.driver.modbus.device-{name}.cfg", "w") as f:
            f.write(f"""# Meter gateway {name} of the demo field (drivers/sim: java -jar gridhub-field.jar, config/demo/field.json),
# members m{g['firstMember']:02d}..m{last:02d}. Written by tools/demo-data/make_field_mappings.py.
# Driver settings (ModbusSettings): host, port, unitId, timeoutMillis, maxGap, maxRegistersPerRequest, ...
host = 127.0.0.1
port = {g['port']}
unitId = {g['unitId']}
timeoutMillis = 1000
# Host settings (DeviceConfig): what to read and which points it becomes is described once, by the mapping of
# source {name} (mappings/{name}.json).
pollMillis = 1000
backoffMinMillis = 1000
backoffMaxMillis = 60000
""")


if __name__ == "__main__":
    main()
