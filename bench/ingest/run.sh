#!/usr/bin/env bash
# Builds gridhub's store and ingest bundles and this benchmark, then runs it once (a few minutes).
#   bench/ingest/run.sh [seconds-per-round]      results as Markdown on stdout
# The gridhub jars come from this worktree's target/ folders, not ~/.m2 (which other worktrees share).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/bench/ingest"
V=0.1.0-SNAPSHOT
cd "$ROOT"
nice -n 10 mvn -B -q -o -pl bundles/api,bundles/platform-derby,bundles/store-derby,bundles/camel,bundles/testkit package -DskipTests
nice -n 10 mvn -B -q -o -f "$BENCH/pom.xml" dependency:build-classpath -Dmdep.outputFile="$BENCH/target/classpath.txt" >/dev/null
OWN="$ROOT/bundles/api/target/gridhub-api-$V.jar:$ROOT/bundles/platform-derby/target/gridhub-platform-derby-$V.jar"
OWN="$OWN:$ROOT/bundles/store-derby/target/gridhub-store-derby-$V.jar:$ROOT/bundles/camel/target/gridhub-camel-$V.jar"
OWN="$OWN:$ROOT/bundles/testkit/target/gridhub-testkit-$V.jar"
DEPS=$(tr ':' '\n' <"$BENCH/target/classpath.txt" | grep -v '/io/gridhub/' | paste -sd:)
mkdir -p "$BENCH/target/classes"
javac -nowarn -d "$BENCH/target/classes" -cp "$OWN:$DEPS" $(find "$BENCH/src/main/java" -name '*.java')
exec nice -n 10 java -Xmx1g -XX:+UseParallelGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dderby.stream.error.file="$BENCH/target/derby.log" \
  -cp "$BENCH/target/classes:$OWN:$DEPS" io.gridhub.camel.internal.IngestBench "$@"
