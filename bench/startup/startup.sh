#!/usr/bin/env bash
# End-to-end start-up benchmark: gridhub (demo configuration) from exec to GET /api/v1/health = 200, next to a
# stock Apache Karaf 4.4.10 from exec to its SSH console port 8101 accepting connections, the last of its boot
# features (the raw runtime with the same JVM options, same machine, same run).
# Then gridhub's resident memory (RSS) after 60 s of running the demo.
#   bench/startup/startup.sh [RUNS=5]
# Prints one line per run and the medians; paste the summary into docs/benchmarks.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-5}
PORT=${PORT:-8181}
WORK=$(mktemp -d /tmp/gridhub-startup.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

"$ROOT/gridhub" build >/dev/null
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)
KARAF_TGZ="$HOME/.m2/repository/org/apache/karaf/apache-karaf/4.4.10/apache-karaf-4.4.10.tar.gz"
[[ -f $KARAF_TGZ ]] || mvn -q -B dependency:get -Dartifact=org.apache.karaf:apache-karaf:4.4.10:tar.gz -Dtransitive=false
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
export JAVA_HOME

now_ms() { date +%s%3N; }

wait_gone() { local pid=$1; for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done; kill -KILL "$pid"; }

# gridhub: a fresh instance per run (first start: bundle cache empty), then a second start of the same instance.
# Each run sets MS (milliseconds to ready, -1 if never) and PID; processes start outside $(…) so that no
# command substitution waits on their output.
gridhub_run() {
  local inst=$1 label=$2
  local start; start=$(now_ms)
  cd "$inst"
  setsid bin/gridhub >"$inst/out.log" 2>&1 </dev/null &
  PID=$!
  cd - >/dev/null
  local code=000
  for _ in $(seq 1 1200); do
    code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/health" || true)
    [[ $code == 200 ]] && break
    sleep 0.05
  done
  MS=$(( $(now_ms) - start ))
  CPU=$(cpu_ms "$PID")
  [[ $code == 200 ]] || { echo "gridhub $label: not healthy (HTTP $code)" >&2; MS=-1; }
}

# CPU time (user + system) the process has used so far, in ms: far less sensitive to other load than wall time.
cpu_ms() {
  local hz; hz=$(getconf CLK_TCK)
  awk -v hz="$hz" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat" 2>/dev/null || echo -1
}

stop_instance() { kill -TERM "$PID"; wait_gone "$PID"; }

karaf_run() {
  local inst=$1 start; start=$(now_ms)
  cd "$inst"
  KARAF_EXEC=exec setsid bin/karaf run >"$inst/out.log" 2>&1 </dev/null &
  PID=$!
  cd - >/dev/null
  MS=-1
  for _ in $(seq 1 1200); do
    if (exec 3<>/dev/tcp/127.0.0.1/8101) 2>/dev/null; then MS=$(( $(now_ms) - start )); CPU=$(cpu_ms "$PID"); break; fi
    sleep 0.05
  done
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

first=(); warm=(); stock=(); cpuw=(); cpus=()
for r in $(seq 1 "$RUNS"); do
  g="$WORK/g$r"; mkdir -p "$g"
  tar xzf "$ROOT/distribution/target/gridhub-distribution-$VERSION.tar.gz" -C "$g" --strip-components=1
  cp "$ROOT"/config/demo/*.cfg "$g/etc/"; mkdir -p "$g/etc/gridhub"; cp -R "$ROOT"/config/demo/. "$g/etc/gridhub/"
  sed -i "s/^org.osgi.service.http.port.*/org.osgi.service.http.port = $PORT/" "$g/etc/org.ops4j.pax.web.cfg"
  gridhub_run "$g" first; f=$MS; stop_instance
  gridhub_run "$g" warm; w=$MS; cw=$CPU; stop_instance
  k="$WORK/k$r"; mkdir -p "$k"; tar xzf "$KARAF_TGZ" -C "$k" --strip-components=1
  cp "$g/bin/setenv" "$k/bin/setenv"
  karaf_run "$k"; s=$MS; cs=$CPU; stop_instance
  echo "run $r: gridhub first start ${f} ms, warm start ${w} ms (CPU ${cw} ms); stock Karaf 4.4.10 ${s} ms (CPU ${cs} ms); load $(cut -d' ' -f1 /proc/loadavg)"
  first+=("$f"); warm+=("$w"); stock+=("$s"); cpuw+=("$cw"); cpus+=("$cs")
  rm -rf "$g" "$k"
done

# Resident memory after 60 s of the running demo.
g="$WORK/rss"; mkdir -p "$g"
tar xzf "$ROOT/distribution/target/gridhub-distribution-$VERSION.tar.gz" -C "$g" --strip-components=1
cp "$ROOT"/config/demo/*.cfg "$g/etc/"; mkdir -p "$g/etc/gridhub"; cp -R "$ROOT"/config/demo/. "$g/etc/gridhub/"
gridhub_run "$g" rss
sleep 60
rss_kb=$(ps -o rss= -p "$PID" | tr -d ' ')
published=$(curl -s "http://127.0.0.1:$PORT/api/v1/health" | sed -n 's/.*"samplesPublished":\([0-9]*\).*/\1/p')
stop_instance

mf=$(printf '%s\n' "${first[@]}" | median); mw=$(printf '%s\n' "${warm[@]}" | median); ms=$(printf '%s\n' "${stock[@]}" | median)
echo
echo "date: $(date -u +%FT%TZ); machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem/{print $2}') GiB; $(java -version 2>&1 | head -1)"
mcw=$(printf '%s\n' "${cpuw[@]}" | median); mcs=$(printf '%s\n' "${cpus[@]}" | median)
echo "median CPU time to ready: gridhub warm ${mcw} ms, stock Karaf ${mcs} ms (ratio $(awk "BEGIN{printf \"%.2f\", $mcw/$mcs}"))"
echo "median of $RUNS: gridhub first start to healthy ${mf} ms; warm start ${mw} ms; stock Karaf 4.4.10 to SSH port open ${ms} ms (ratio warm/stock $(awk "BEGIN{printf \"%.2f\", $mw/$ms}"))"
echo "gridhub RSS after 60 s of the demo: $((rss_kb / 1024)) MB ($published samples published)"
