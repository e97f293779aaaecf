#!/usr/bin/env python3
"""Turns a soak's folder (bench/soak/soak.py --out DIR) into the markdown of docs/benchmarks.md.

    python3 bench/soak/report.py DIR [--every-minutes 10] > soak.md

Reads DIR/run.json, metrics.csv, faults.jsonl and verify.json (a run still going is reported as far as it got).
"""
import argparse
import csv
import json
import os
import statistics
import sys
from datetime import datetime


def parse_time(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def slope_per_hour(xs, ys):
    """Least-squares slope of ys over xs (seconds), per hour, and its r^2."""
    n = len(xs)
    if n < 3:
        return None, None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0:
        return None, None
    b = sxy / sxx
    r2 = (sxy * sxy) / (sxx * syy) if syy else 1.0
    return b * 3600, r2


def fmt(v, digits=1):
    if v is None:
        return "—"
    if isinstance(v, float):
        return ("%%.%df" % digits) % v
    return str(v)


def num(row, key):
    try:
        return float(row[key])
    except (KeyError, ValueError, TypeError):
        return None


def push_codes(pushes, fault):
    """The HTTP answers to the harness's pushes from the fault's start until pushes were acknowledged again."""
    start = parse_time(fault["start"]).timestamp() * 1000
    rec = fault["recovery_s"].get("push")
    end = parse_time(fault["end"]).timestamp() * 1000 + (rec if rec is not None else 0) * 1000
    codes = {}
    for _, answered, code in pushes:
        if start <= answered <= end + 1000:
            codes[code] = codes.get(code, 0) + 1
    return codes


def max_without_filler(rows, faults):
    """The largest store filesystem use outside the disk-full faults (the filler is not the store)."""
    spans = [(parse_time(f["start"]), parse_time(f["end"])) for f in faults if "filler_mb" in f.get("detail", {})]
    best = 0.0
    for r in rows:
        t = parse_time(r["wall"])
        if any(a <= t <= b for a, b in spans):
            continue
        v = num(r, "store_used_kb")
        if v is not None and v > best:
            best = v
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--every-minutes", type=float, default=10, help="rows of the over-time table (10)")
    a = p.parse_args()
    d = a.dir
    run = json.load(open(os.path.join(d, "run.json")))
    rows = list(csv.DictReader(open(os.path.join(d, "metrics.csv"))))
    faults = [json.loads(x) for x in open(os.path.join(d, "faults.jsonl")) if x.strip()] \
        if os.path.exists(os.path.join(d, "faults.jsonl")) else []
    verify = json.load(open(os.path.join(d, "verify.json"))) if os.path.exists(os.path.join(d, "verify.json")) else None
    restart_path = os.path.join(d, "verify-after-restart.json")
    restart = json.load(open(restart_path)) if os.path.exists(restart_path) else None
    if not rows:
        sys.exit("report: no metrics in %s" % d)
    pushes = []  # (source time ms, answer time ms, status)
    if os.path.exists(os.path.join(d, "pushes.log")):
        for line in open(os.path.join(d, "pushes.log")):
            x = line.split()
            if len(x) >= 4:
                pushes.append((int(x[1]), int(x[2]), int(x[3])))
    out = []
    w = out.append
    t_first, t_last = parse_time(rows[0]["wall"]), parse_time(rows[-1]["wall"])
    hours = (t_last - t_first).total_seconds() / 3600
    args = run.get("args", {})
    w("### Soak with faults (issue 25, item 2)")
    w("")
    w("`bench/soak/soak.py` (bench/soak/README.md), commit %s, %s to %s UTC: **%.2f h** of soak after the hub was"
      " ready, at 12× the demo's rate: `./gridhub demo --speed %s` (hub time and the field's simulation 12× wall time,"
      " the loop's cycle every 25 s instead of 300 s) with every device's `pollMillis` divided by %s (Modbus, IEC"
      " 61850, IEC 104 and OPC UA devices every 83 ms instead of 1 s, OCPP every 416 ms instead of 5 s), on its own"
      " copy of config/demo with every port moved (HTTP %s). The hub was niced (`nice -n 10`) on a machine of %d"
      " cores shared with other work."
      % (run.get("commit", "?")[:7], rows[0]["wall"][:16].replace("T", " "), rows[-1]["wall"][11:16], hours,
         run.get("speed"), run.get("rate"), run.get("ports", {}).get("http"), os.cpu_count()))
    w("")
    # -- resources
    el = [float(r["elapsed_s"]) for r in rows]
    rss = [float(r["rss_kb"]) / 1024 for r in rows]
    warm = [i for i, e in enumerate(el) if e >= 600]
    s_all, r2_all = slope_per_hour(el, rss)
    s_warm, r2_warm = slope_per_hour([el[i] for i in warm], [rss[i] for i in warm])
    last_hour = [i for i, e in enumerate(el) if e >= el[-1] - 3600]
    s_last, r2_last = slope_per_hour([el[i] for i in last_hour], [rss[i] for i in last_hour])

    def series(key, cond=lambda v: v >= 0):
        return [v for v in (num(r, key) for r in rows) if v is not None and cond(v)]

    thr, fds = series("threads"), series("fds")

    def pts_of(key):
        return [(float(r["elapsed_s"]), float(r[key])) for r in rows if num(r, key) is not None and num(r, key) >= 0]

    # Derby: open connections (EmbedConnectionContext) and connection objects (EmbedConnection, closed ones awaiting
    # finalize() included). Runs before the contexts were recorded in metrics.csv have them in derby.csv (a sampler
    # beside the run), and their derby_connections column holds the objects.
    if "derby_connection_objects" in rows[0]:
        derby_open, derby_objects = pts_of("derby_connections"), pts_of("derby_connection_objects")
    else:
        derby_open, derby_objects = [], pts_of("derby_connections")
        if os.path.exists(os.path.join(d, "derby.csv")):
            for r in csv.DictReader(open(os.path.join(d, "derby.csv"))):
                e = (parse_time(r["wall"]) - t_first).total_seconds()
                if num(r, "contexts") is not None and e >= 0:
                    derby_open.append((e, num(r, "contexts")))
    hub_ticks = series("hub_cpu_ticks")
    hz = os.sysconf("SC_CLK_TCK")
    cpu = 100 * (hub_ticks[-1] - hub_ticks[0]) / hz / max(1, el[-1] - el[0]) if len(hub_ticks) > 1 else None
    reads = series("device_reads")
    load = series("load1")
    store = series("store_used_kb")
    nb_frames, nb_connects = series("nb104_frames"), series("nb104_connects")
    up = sum(1 for r in rows if r["health_code"] == "200")
    w("| measure | first | last | min | median | max | slope (least squares) |")
    w("|---|---|---|---|---|---|---|")
    w("| hub RSS (MB) | %.0f | %.0f | %.0f | %.0f | %.0f | **%s MB/h** over the run (r² %s); %s MB/h after the"
      " first 10 min; %s MB/h over the last hour |"
      % (rss[0], rss[-1], min(rss), statistics.median(rss), max(rss), fmt(s_all), fmt(r2_all, 2), fmt(s_warm),
         fmt(s_last)))
    measures = [("threads", pts_of("threads")), ("file descriptors", pts_of("fds")),
                ("Derby connections open (live `EmbedConnectionContext`s)", derby_open),
                ("Derby connection objects (live `EmbedConnection`s, closed ones awaiting `finalize()` included)",
                 derby_objects)]
    for name, pts in measures:
        xs = [y for _, y in pts]
        if not xs:
            w("| %s | — | — | — | — | — | — |" % name)
            continue
        s, _ = slope_per_hour([x for x, _ in pts], xs)
        w("| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %s /h |"
          % (name, xs[0], xs[-1], min(xs), statistics.median(xs), max(xs), fmt(s, 2)))
    w("")
    w("Hub CPU %s %% of one core on average (faults included); %s device reads/s on average (`GET /api/v1/devices`,"
      " all devices, faults included); health UP (200) in %d of %d samples (%.1f %%); %d metric rows, one every %s s"
      " (Derby connections every %s s from `jcmd <pid> GC.class_histogram`, which forces a full GC%s)."
      % (fmt(cpu), fmt((reads[-1] - reads[0]) / max(1, el[-1] - el[0]) if len(reads) > 1 else None),
         up, len(rows), 100 * up / len(rows), len(rows), fmt(args.get("every")), fmt(args.get("derby_every")),
         "" if "derby_connection_objects" in rows[0] or not derby_open
         else "; the open ones every 60 s by a sampler beside the run, derby.csv"))
    w("")
    if load:
        sizes = []
        for v in series("store_size_kb"):
            if not sizes or sizes[-1] != v:
                sizes.append(v)
        w("Machine load (1 min load average) median %.1f, max %.1f on %d cores; the store's filesystem (tmpfs of %s MB)"
          " held %.0f MB at the start, %.0f MB at the end, at most %.0f MB without the filler; the IEC 104 master"
          " received %.0f I-frames over %.0f connections."
          % (statistics.median(load), max(load), os.cpu_count(),
             " then ".join("%.0f" % (v / 1024) for v in sizes) or fmt(args.get("store_mb"), 0), store[0] / 1024,
             store[-1] / 1024, max_without_filler(rows, faults) / 1024, nb_frames[-1] if nb_frames else 0,
             nb_connects[-1] if nb_connects else 0))
        w("")
    # -- over time
    w("Over time (one row per %d min):" % a.every_minutes)
    w("")
    w("| elapsed | hub RSS | threads | fds | Derby conns | health | devices online | store fs used | field RSS |"
      " pushed / acked |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    nxt = 0.0
    for r in rows:
        e = float(r["elapsed_s"])
        if e + 1e-6 < nxt and r is not rows[-1]:
            continue
        nxt = e + a.every_minutes * 60
        w("| %d min | %.0f MB | %s | %s | %s | %s %s | %s / %s | %.0f MB | %.0f MB | %s / %s |"
          % (e / 60, float(r["rss_kb"]) / 1024, r["threads"], r["fds"], r["derby_connections"], r["health_code"],
             r["health_status"], r["devices_online"], r["devices_total"], float(r["store_used_kb"]) / 1024,
             float(r["field_rss_kb"]) / 1024, r["pushed"], r["acked"]))
    w("")
    # -- faults
    w("Faults, a round every %s s after %s s of warm-up, one after the other: the field process (every southbound"
      " peer: Modbus, IEC 61850, IEC 104, OPC UA servers, the OCPP charge points) killed with SIGKILL, down %s s and"
      " restarted; the field stalled with SIGSTOP for %s s; the northbound IEC 104 master not reading for %s s; the"
      " field killed and garbage-speaking listeners on four of its ports (Modbus, IEC 104, IEC 61850, OPC UA) for"
      " %s s; 60 s of random bytes to the northbound IEC 104 and OPC UA ports with malformed REST ingest; %s the"
      " store's filesystem filled to ENOSPC, held %s s, freed."
      % (fmt(args.get("cycle"), 0), fmt(args.get("warmup"), 0), fmt(args.get("down"), 0), fmt(args.get("stall"), 0),
         fmt(args.get("stall"), 0), fmt(args.get("garbage"), 0),
         "and, once, as the last fault," if args.get("disk_full_at_end") else "", fmt(args.get("hold"), 0)))
    w("")
    w("Faults (recovery: seconds from the fault's end until health answered 200, every device was ONLINE, a pushed"
      " reading was acknowledged, and the northbound IEC 104 master received an I-frame; — = not within %s s):"
      % fmt(args.get("recovery_limit"), 0))
    w("")
    w("| # | fault | start (UTC) | end | lasted | health | devices ONLINE | push acked | IEC 104 frame | all | detail |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for i, f in enumerate(faults, 1):
        r = f["recovery_s"]
        det = f.get("detail", {})
        brief = ""
        if "ingest_codes" in det:
            brief = "ingest answers %s; IEC 104 %s, OPC UA %s garbage connections" % (
                json.dumps(det["ingest_codes"]), (det.get("iec104_connections") or ["?"])[0],
                (det.get("opcua_connections") or ["?"])[0])
        elif "filler_mb" in det:
            brief = "filler %s MB, %s s full" % (det["filler_mb"], det.get("full_s"))
        codes = push_codes(pushes, f)
        if codes:
            brief += ("; " if brief else "") + "pushes answered meanwhile: %s" % ", ".join(
                "%s× %s" % (v, k if k else "no answer") for k, v in sorted(codes.items()))
        elif "connections" in det:
            brief = "%s connections to the garbage listeners" % det["connections"]
        w("| %d | %s | %s | %s | %.0f s | %s | %s | %s | %s | %s | %s |"
          % (i, f["fault"], f["start"][11:19], f["end"][11:19], f["duration_s"], fmt(r.get("health")), fmt(r.get("devices")),
             fmt(r.get("push")), fmt(r.get("nb104")), fmt(f.get("recovery_all_s")), brief))
    w("")
    w("Malformed ingest is answered 400 with the reason (nothing ingested); its 200s are the readings of an unknown"
      " address, quarantined as documented (`published` 0); 0 means no answer within 10 s.")
    w("")
    kinds = {}
    for f in faults:
        kinds.setdefault(f["fault"], []).append(f)
    w("| fault | times | recovered | recovery (all) median | max |")
    w("|---|---|---|---|---|")
    for k, fs in kinds.items():
        ok = [f["recovery_all_s"] for f in fs if f.get("recovery_all_s") is not None]
        w("| %s | %d | %d | %s s | %s s |" % (k, len(fs), len(ok), fmt(statistics.median(ok) if ok else None),
                                           fmt(max(ok) if ok else None)))
    w("")
    # -- samples
    if verify and verify.get("found") is None and verify.get("error"):
        w("Samples: the harness pushed its own meter register (`POST /api/v1/ingest/soak`, one reading every %s s,"
          " each with its own source time): %s acknowledged (2xx); the running hub could not be asked for them at the"
          " end: %s." % (fmt(args.get("push_interval")), verify.get("acked"), verify["error"]))
    elif verify:
        w("Samples: the harness pushed %s readings of its own meter register (`POST /api/v1/ingest/soak`, one every"
          " %s s, each with its own source time); **%s acknowledged** (2xx), answers %s; at the end the store held"
          " %s of the acknowledged ones: **%s acknowledged samples lost**%s."
          % (verify.get("pushed"), fmt(args.get("push_interval")), verify.get("acked"),
             json.dumps(verify.get("codes")), verify.get("found"), verify.get("lost"),
             "" if not verify.get("wrong_value") else ", %s with a wrong value" % verify["wrong_value"]))
        if verify.get("error"):
            w("")
            w("The check failed: %s" % verify["error"])
    else:
        w("Samples: no verify.json yet (the run has not ended).")
    if restart:
        w("")
        if restart.get("found") is None:
            w("After a restart of the hub on the same store: %s" % restart.get("error"))
        else:
            w("After a restart of the hub on the same store (ready after %s s): %s of the %s acknowledged readings"
              " found, **%s lost**%s." % (fmt(restart.get("restart_ready_s")), restart.get("found"),
                                          restart.get("acked"), restart.get("lost"),
                                          "" if not restart.get("wrong_value")
                                          else ", %s with a wrong value" % restart["wrong_value"]))
            if restart.get("lost_first"):
                w("The first lost: %s." % ", ".join(restart["lost_first"][:5]))
    notes = os.path.join(d, "notes.md")
    if os.path.exists(notes):
        w("")
        w(open(notes).read().strip())
    print("\n".join(out))


if __name__ == "__main__":
    main()
