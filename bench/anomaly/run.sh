#!/usr/bin/env bash
# Builds the telemetry detector and this evaluation, then runs it once (about a minute): both sets' tables as
# Markdown on stdout (docs/anomalies.md, "Evaluation"; figures in docs/benchmarks.md, "Anomaly detection").
#   bench/anomaly/run.sh [shared-data-folder]        default /work/shared/data
#   JAVA_OPTS=-Dbench.verbose=true bench/anomaly/run.sh   also lists every miss and every false alarm
# The gridhub jars come from this worktree's target/ folders, not ~/.m2 (which other worktrees share).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/bench/anomaly"
V=0.1.0-SNAPSHOT
cd "$ROOT"
nice -n 10 mvn -B -q -o -pl bundles/api,bundles/forecast-common,bundles/anomaly-detect package -DskipTests
nice -n 10 mvn -B -q -o -f "$BENCH/pom.xml" dependency:build-classpath -Dmdep.outputFile="$BENCH/target/classpath.txt" >/dev/null
OWN="$ROOT/bundles/api/target/gridhub-api-$V.jar:$ROOT/bundles/forecast-common/target/gridhub-forecast-common-$V.jar"
OWN="$OWN:$ROOT/bundles/anomaly-detect/target/gridhub-anomaly-detect-$V.jar"
DEPS=$(tr ':' '\n' <"$BENCH/target/classpath.txt" | grep -v '/io/gridhub/' | paste -sd:)
mkdir -p "$BENCH/target/classes"
javac -nowarn -d "$BENCH/target/classes" -cp "$OWN:$DEPS" $(find "$BENCH/src/main/java" -name '*.java')
exec nice -n 10 java -Xmx1g ${JAVA_OPTS:-} -cp "$BENCH/target/classes:$OWN:$DEPS" io.gridhub.bench.anomaly.AnomalyBench \
  "${1:-/work/shared/data}"
