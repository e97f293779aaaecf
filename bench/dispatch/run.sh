#!/usr/bin/env bash
# Builds the dispatch modules of this checkout and runs the dispatch benchmark on them.
#   bench/dispatch/run.sh [RUNS=3] [SIZES…]   (default sizes 100x96 1000x96 1000x672)
# The class path comes from this checkout's reactor (bundles/cli and what it needs) with gridhub's own classes from
# the target folders, never gridhub jars or poms from ~/.m2, which other checkouts on the machine may overwrite.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${DATA:-${SHARED:-$ROOT/../shared}/data}
RUNS=${1:-3}; shift || true
cd "$ROOT"
mkdir -p bench/dispatch/target/classes
mvn -B -o -q -pl bundles/cli -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$ROOT/bench/dispatch/target/cp.txt" -Dmdep.includeScope=runtime
CP=bench/dispatch/target/classes
for m in api dispatch-common dispatch-lp cli; do CP=$CP:bundles/$m/target/classes; done
CP=$CP:$(tr ':' '\n' <bench/dispatch/target/cp.txt | grep -v '/io/gridhub/' | paste -sd:)
javac -d bench/dispatch/target/classes -cp "$CP" $(find bench/dispatch/src/main/java -name '*.java')
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xmx8g ${JAVA_OPTS:-} -cp "$CP" io.gridhub.bench.dispatch.DispatchBench "$DATA" "$RUNS" "$@"
