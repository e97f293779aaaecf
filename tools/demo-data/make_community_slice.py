#!/usr/bin/env python3
"""Builds config/demo/data/community-2013-02.csv, the four weeks the demo community replays.

Reads ../shared/data (see its README): the 50 SGSC households (general supply, kWh per 30 min, labels in fixed
AEST) and the Ausgrid 300-home aggregate (PV and Bureau of Meteorology weather, labels in Sydney wall-clock time).
Writes one row per 30-minute interval from Monday 2013-02-04 00:00 to Sunday 2013-03-03 23:30 Sydney time (AEDT
throughout, no daylight-saving change inside), labelled by interval start in Sydney wall-clock time like the
Ausgrid files. An empty household cell (no reading; 532 of 67,200) is filled with the same slot one week away
(earlier first, then later) so that every member has a complete day; the count filled per household is printed.

Also writes config/demo/data/community-seed-2013-02.csv, the community's sums in the format of a household
recording (interval_start_local, load_kWh, pv_kWh): the 50 households' load and the PV of the demo's 100 kWp plant
(the 300-home aggregate's ~505 kWp scaled by 100/505). The forecast runner seeds the history it has not seen
with it (config/demo/io.gridhub.forecast.runner.cfg).

Usage: tools/demo-data/make_community_slice.py [shared-data-dir] [out-file]
"""
import csv
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SYDNEY = ZoneInfo("Australia/Sydney")
START = datetime(2013, 2, 4, tzinfo=SYDNEY)
DAYS = 28
STEP = timedelta(minutes=30)
PLANT_KWP = 100
AGGREGATE_KWP = 505


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
    out = sys.argv[2] if len(sys.argv) > 2 else "config/demo/data/community-2013-02.csv"
    seed = out.replace("community-", "community-seed-")
    end = START + timedelta(days=DAYS)
    homes = {}
    with open(f"{data}/households_sgsc50_nsw_2012-2013_30min.csv", newline="") as f:
        reader = csv.DictReader(f)
        names = [c for c in reader.fieldnames if c.startswith("H")]
        for row in reader:
            utc = datetime.fromisoformat(row["timestamp_utc"].replace("Z", "+00:00"))
            local = utc.astimezone(SYDNEY).replace(tzinfo=None)
            homes[local] = row
    weather = {}
    with open(f"{data}/ausgrid300_aggregate_30min.csv", newline="") as f:
        for row in csv.DictReader(f):
            weather[datetime.fromisoformat(row["interval_start_local"])] = row
    slots = []
    t = START.replace(tzinfo=None)
    while t < end.replace(tzinfo=None):
        slots.append(t)
        t += STEP
    filled = {h: 0 for h in names}
    with open(out, "w", newline="") as f, open(seed, "w", newline="") as g:
        w = csv.writer(f, lineterminator="\n")
        s = csv.writer(g, lineterminator="\n")
        s.writerow(["interval_start_local", "load_kWh", "pv_kWh"])
        w.writerow(["interval_start_local", *names, "pv_kWh", "air_temperature_degC", "relative_humidity_pct",
                    "wind_speed_km_h"])
        for t in slots:
            cells = []
            for h in names:
                v = homes[t][h]
                for weeks in (-1, 1, -2, 2):
                    if v != "":
                        break
                    filled[h] += 1 if weeks == -1 else 0
                    v = homes.get(t + timedelta(weeks=weeks), {}).get(h, "")
                if v == "":
                    raise SystemExit(f"{h} at {t}: no reading within two weeks")
                cells.append(v)
            a = weather[t]
            load = sum(round(float(c) * 1000) for c in cells) / 1000
            s.writerow([t.isoformat(), f"{load:.3f}", f"{float(a['pv_kWh']) * PLANT_KWP / AGGREGATE_KWP:.3f}"])
            w.writerow([t.isoformat(), *cells, a["pv_kWh"], a["air_temperature_degC"], a["relative_humidity_pct"],
                        a["wind_speed_km_h"]])
    print(f"{len(slots)} intervals, {len(names)} households; filled: " +
          ", ".join(f"{h} {n}" for h, n in filled.items() if n))


if __name__ == "__main__":
    main()
