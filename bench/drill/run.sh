#!/usr/bin/env bash
# Builds the drill modules of this checkout and runs the drill benchmark on them.
#   bench/drill/run.sh [SAMPLES=1000] [LP_SAMPLES=SAMPLES] [THREADS=2]
# The class path comes from this checkout's target folders (bundles/cli, bundles/drill and what they need), never
# gridhub jars from ~/.m2, which other checkouts on the machine may overwrite.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-1000}; LP_RUNS=${2:-$RUNS}; THREADS=${3:-2}
cd "$ROOT"
mkdir -p bench/drill/target/classes
mvn -B -o -q -pl bundles/drill,bundles/cli -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$ROOT/bench/drill/target/cp.txt" -Dmdep.includeScope=runtime
CP=bench/drill/target/classes
for m in api dispatch-common drill cli; do CP=$CP:bundles/$m/target/classes; done
CP=$CP:$(tr ':' '\n' <bench/drill/target/cp.txt | grep -v '/io/gridhub/' | sort -u | paste -sd:)
javac -d bench/drill/target/classes -cp "$CP" $(find bench/drill/src/main/java -name '*.java')
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xmx4g ${JAVA_OPTS:-} -cp "$CP" io.gridhub.bench.drill.DrillBench \
  config/dispatch/quarter-hour-day-scenario.json "$RUNS" "$LP_RUNS" "$THREADS"
