#!/usr/bin/env bash
# Builds the modules the operating loop needs from this checkout and runs the loop benchmark once (a few minutes).
#   bench/loop/run.sh [WARMUPS=2] [CYCLES=10]        JAVA_OPTS=… for the JVM, DATA=… for the data folder
# gridhub's own classes come from this checkout's target/ folders, never from ~/.m2 (other worktrees share it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/bench/loop"
DATA=${DATA:-${SHARED:-$ROOT/../shared}/data}
MODULES="bundles/api bundles/core drivers/modbus drivers/sim bundles/store-derby bundles/forecast-common \
bundles/platform-lightgbm bundles/forecast-gbm bundles/dispatch-common bundles/dispatch-rules bundles/dispatch-lp \
bundles/loop bundles/testkit bench/jmh"
cd "$ROOT"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  nice -n 10 mvn -B -q -o -pl "$(echo $MODULES | tr ' ' ',')" package -DskipTests
fi
nice -n 10 mvn -B -q -o -f "$BENCH/pom.xml" dependency:build-classpath \
  -Dmdep.outputFile="$BENCH/target/classpath.txt" >/dev/null
# A copy of the modules' classes: other engineers build in this tree, and a class rewritten under a running JVM
# fails to load.
OWN=""
rm -rf "$BENCH/target/own"
for m in $MODULES; do
  mkdir -p "$BENCH/target/own/$m" && cp -r "$ROOT/$m/target/classes/." "$BENCH/target/own/$m/"
  OWN="$OWN:$BENCH/target/own/$m"
done
DEPS=$(tr ':' '\n' <"$BENCH/target/classpath.txt" | grep -v '/io/gridhub/' | paste -sd:)
mkdir -p "$BENCH/target/classes"
javac -nowarn -d "$BENCH/target/classes" -cp "${OWN#:}:$DEPS" $(find "$BENCH/src/main/java" -name '*.java')
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- bundles drivers || echo ' + local changes in bundles/drivers')"
exec java -Xmx2g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dderby.stream.error.file="$BENCH/target/derby.log" \
  -cp "$BENCH/target/classes${OWN}:$DEPS" io.gridhub.bench.loop.LoopBench "$DATA" "$@"
