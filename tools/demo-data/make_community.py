#!/usr/bin/env python3
"""Writes config/demo/community.json: the demo community of 50 SGSC households (m01..m50 = H01..H50 of
config/demo/data/community-2013-02.csv), two feeders under one transformer, and three shared assets.

Members m01..m25 sit on feeder f1, m26..m50 on f2. Each member site has its smart meter (METER, point
demo.mNN-meter.p, + import) and its household consumption (LOAD, demo.mNN-load.p), both read from the member's
meter gateway (config/demo/field.json). The members that config/demo/field.json gives a home battery (its
homeBatteries, BATTERY mNN-bat) or a hot-water system (its hotWater, FLEXIBLE_LOAD mNN-hw: the element's rating, the
tank's heat content from cold to full) or an EV charger (its evChargers, EV_CHARGER named as the charge point, its
rated power) have them on their site, behind their meter. The community's battery sits on f1, the PV plant and its battery on f2,
each behind a connection meter of the 51st member, the community's cooperative, which owns them: storage-meter
(f1) and plant-meter (f2), + import. The loop dispatches the batteries and reads the feeders' flow at the meters;
the daily settlement counts the cooperative's meters like every member's, so what the plant exports is the shared
energy the households' statements allocate.
The limits are chosen from the data (make_community_slice.py): f1's 25 homes peak at 26 kW (99th percentile
21.5 kW), so its 20 kW import limit binds on some evenings; the 100 kWp plant peaks at 76 kW against f2's
25 homes, so f2's 55 kW export limit binds at sunny middays.

It also writes config/demo/allocation/demo-priority.json, the allocation policy of the daily settlement, over the
same 51 members: four households in social housing first, then the other households, the cooperative last.

Usage: tools/demo-data/make_community.py [out-file [policy-file]]
"""
import json
import sys

SOCIAL_HOUSING = (3, 17, 29, 41)


FIELD = "config/demo/field.json"
WH_PER_LITRE_KELVIN = 1.163
FULL_C, COLD_C = 65, 20


def own_devices(field):
    """Member number -> the assets of its own devices in the field."""
    devices = {}
    for b in field.get("homeBatteries", []):
        devices.setdefault(b["member"], []).append({
            "id": b["name"], "name": "Home battery", "kind": "BATTERY",
            "ratedPowerW": b["ratedPowerW"], "energyCapacityWh": b["capacityWh"]})
    hw = field.get("hotWater")
    for m in (hw["members"] if hw else []):
        devices.setdefault(m, []).append({
            "id": f"m{m:02d}-hw", "name": "Hot-water system", "kind": "FLEXIBLE_LOAD",
            "ratedPowerW": hw["ratedPowerW"],
            "energyCapacityWh": round(hw["tankLitres"] * WH_PER_LITRE_KELVIN * (FULL_C - COLD_C))})
    for c in field.get("evChargers", []):
        devices.setdefault(c["member"], []).append({
            "id": c["name"], "name": "EV charger (OCPP, " + ("simulated" if c["simulated"] else "a real or third-party charger")
            + ")", "kind": "EV_CHARGER", "ratedPowerW": c["maxPowerW"]})
    return devices


def member(n, devices):
    mid = f"m{n:02d}"
    return {
        "id": mid,
        "name": f"Household {n:02d} (SGSC H{n:02d})",
        "type": "HOUSEHOLD",
        "participations": [{"communityId": "demo", "factor": 1.0}],
        "sites": [{
            "id": f"{mid}-site",
            "feederId": "f1" if n <= 25 else "f2",
            "assets": [{"id": f"{mid}-meter", "kind": "METER"}, {"id": f"{mid}-load", "kind": "LOAD"}]
            + devices.get(n, []),
        }],
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "config/demo/community.json"
    policy_out = sys.argv[2] if len(sys.argv) > 2 else "config/demo/allocation/demo-priority.json"
    with open(FIELD) as f:
        devices = own_devices(json.load(f))
    community = {
        "id": "demo",
        "name": "Demo energy community (50 real SGSC households, Newcastle/Sydney)",
        "transformers": [{"id": "t1", "name": "Substation transformer", "ratedApparentPowerVA": 100000}],
        "feeders": [
            {"id": "f1", "name": "Feeder 1 (m01-m25, shared battery)", "transformerId": "t1",
             "importLimitW": 20000, "exportLimitW": 40000},
            {"id": "f2", "name": "Feeder 2 (m26-m50, PV plant)", "transformerId": "t1",
             "importLimitW": 40000, "exportLimitW": 55000},
        ],
        "sharedAssets": [],
        "members": [member(n, devices) for n in range(1, 51)] + [{
            "id": "coop",
            "name": "Community energy cooperative (PV plant, batteries)",
            "type": "NON_PROFIT",
            "participations": [{"communityId": "demo", "factor": 1.0}],
            "sites": [
                {"id": "coop-plant", "name": "PV plant (IEC 61850)", "feederId": "f2", "assets": [
                    {"id": "plant-meter", "kind": "METER"},
                    {"id": "pv-plant", "name": "Community PV plant", "kind": "PV", "ratedPowerW": 100000},
                    {"id": "plant-bat", "name": "PV plant battery", "kind": "BATTERY",
                     "ratedPowerW": 20000, "energyCapacityWh": 40000}]},
                {"id": "coop-storage", "name": "Community battery (OPC UA)", "feederId": "f1", "assets": [
                    {"id": "storage-meter", "kind": "METER"},
                    {"id": "shared-bat", "name": "Community battery", "kind": "BATTERY",
                     "ratedPowerW": 50000, "energyCapacityWh": 100000}]},
            ],
        }],
    }
    with open(out, "w") as f:
        json.dump(community, f, indent=2)
        f.write("\n")
    members = [m["id"] for m in community["members"]]
    social = [f"m{n:02d}" for n in SOCIAL_HOUSING]
    policy = {
        "id": "demo-priority",
        "version": 2,
        "community": "demo",
        "method": "priority",
        "description": "Demo community: the four households in social housing ("
        + ", ".join(social) + ") first, then the other households; the cooperative, which owns the plant, last",
        "resolutionMinutes": 30,
        "members": members,
        "priorityGroups": [social, [m for m in members if m.startswith("m") and m not in social]],
        "memberTypes": {"coop": "NON_PROFIT"},
    }
    with open(policy_out, "w") as f:
        json.dump(policy, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
