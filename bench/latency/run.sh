#!/usr/bin/env bash
# End-to-end latency, field peer → hub → northbound subscribers (IEC 104 master, node-opcua OPC UA client), on
# loopback. Usage: bench/latency/run.sh [seconds=10] [rates=1000,10000]. Builds the module offline unless
# SKIP_BUILD=1; needs node and npm (node-opcua is installed from drivers/opcua/src/test/peers, as the interop tests do).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -o -q install -pl bench/latency -am -DskipTests -Darchetype.test.skip=true
fi
cp="$(cat bench/latency/target/classpath.txt):bench/latency/target/gridhub-bench-latency-0.1.0-SNAPSHOT.jar"
exec nice java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.gridhub.bench.latency.LatencyBench \
  "${1:-10}" "${2:-1000,10000}"
