#!/usr/bin/env bash
# The demo's footprint (issue 17): ./gridhub demo at each speed, for a measured window after it is healthy and
# its devices are online: resident memory (RSS) of the hub and of the field process, CPU share of one core
# (user + system ticks over the window, /proc/<pid>/stat), and the ingest rate the hub sustains (the devices'
# reads per second from GET /api/v1/devices, each read one poll group of a device, and the points they carry).
#   bench/demo/demo-load.sh [WINDOW_SECONDS=180] [SPEEDS="1 60"]
# RSS is sampled once a second over the window: its peak and its median are printed.
# Prints one line per speed; paste them into docs/benchmarks.md with the date, machine and load average.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WINDOW=${1:-180}
SPEEDS=${2:-"1 60"}
PORT=${PORT:-8181}
AUTH=${AUTH:-operator:operator-demo}
RUN=$(mktemp -d /tmp/gridhub-demo-bench.XXXXXX)
trap 'stop; rm -rf "$RUN"' EXIT
"$ROOT/gridhub" build >/dev/null
HZ=$(getconf CLK_TCK)

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
api() { curl -sf -u "$AUTH" "http://127.0.0.1:$PORT/api/v1/$1"; }
DEMO=""
stop() {
  [[ -n "$DEMO" ]] || return 0
  kill -TERM -- -"$DEMO" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$DEMO" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- -"$DEMO" 2>/dev/null || true
  DEMO=""
}

for speed in $SPEEDS; do
  GRIDHUB_RUN_DIR="$RUN/$speed" GRIDHUB_BUILD=never setsid "$ROOT/gridhub" demo --port "$PORT" --speed "$speed" \
    >"$RUN/demo-$speed.log" 2>&1 </dev/null &
  DEMO=$!
  for _ in $(seq 1 240); do api health >/dev/null 2>&1 && break; sleep 1; done
  for _ in $(seq 1 120); do
    api devices 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin)["devices"]; sys.exit(not d or any(x["state"]!="ONLINE" for x in d))' && break
    sleep 1
  done
  sleep 30 # the first forecasts and plans, the JIT's warm-up
  field=$(pgrep -f "gridhub-field.jar.*--stop-with $DEMO" | head -1)
  h0=$(ticks "$DEMO"); f0=$(ticks "$field")
  r0=$(api devices | python3 -c 'import json,sys; print(sum(x["reads"] for x in json.load(sys.stdin)["devices"]))')
  t0=$(date +%s%3N)
  peak_hub=0; peak_field=0; : >"$RUN/rss-hub-$speed"
  for _ in $(seq 1 "$WINDOW"); do
    sleep 1
    r=$(rss_mb "$DEMO"); ((r > peak_hub)) && peak_hub=$r; echo "$r" >>"$RUN/rss-hub-$speed"
    r=$(rss_mb "$field"); ((r > peak_field)) && peak_field=$r
  done
  t1=$(date +%s%3N)
  h1=$(ticks "$DEMO"); f1=$(ticks "$field")
  median_hub=$(sort -n "$RUN/rss-hub-$speed" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
  r1=$(api devices | python3 -c 'import json,sys; print(sum(x["reads"] for x in json.load(sys.stdin)["devices"]))')
  pts=$(api devices | python3 -c 'import json,sys; print(sum(x["points"] for x in json.load(sys.stdin)["devices"]))')
  awk -v s="$speed" -v w=$(((t1 - t0))) -v hc=$((h1 - h0)) -v fc=$((f1 - f0)) -v hz="$HZ" -v ph="$peak_hub" \
      -v mh="$median_hub" -v pf="$peak_field" -v rd=$((r1 - r0)) -v pts="$pts" \
      -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
    printf "speed %s: hub RSS peak %d MB, median %d MB, CPU %.1f %% of a core; field RSS peak %d MB, CPU %.1f %%; %d points, %.1f device reads/s; window %.0f s, load %s\n",
      s, ph, mh, 100 * hc / hz / (w / 1000), pf, 100 * fc / hz / (w / 1000), pts, rd / (w / 1000), w / 1000, load }'
  stop
done
