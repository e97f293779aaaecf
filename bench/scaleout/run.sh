#!/usr/bin/env bash
# Scale-out benchmark (issue 24): two edge hubs -> Kafka (KRaft) -> central hub -> PostgreSQL, against one hub on
# Derby, all from the built distribution, on 127.0.0.1 with free ports. About 2 minutes a round after the hubs start.
#   bench/scaleout/run.sh [seconds=15] [repetitions=3] [partitions=1,3,6] [rate=1000] [clients=2]
# DIST=path/to/gridhub-distribution-*.tar.gz (default: this tree's distribution/target); needs PostgreSQL's
# Debian packages (initdb, pg_ctl; or PG_BIN). Results as Markdown on stdout; hubs' logs in bench/scaleout/target/run-*.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/bench/scaleout"
V=0.1.0-SNAPSHOT
DIST=${DIST:-$ROOT/distribution/target/gridhub-distribution-$V.tar.gz}
cd "$ROOT"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  nice -n 10 mvn -B -q -o -pl bundles/testkit,bench/scaleout package -DskipTests
fi
DEPS=$(tr ':' '\n' <"$BENCH/target/classpath.txt" | grep -v '/io/gridhub/' | paste -sd:)
CP="$BENCH/target/gridhub-bench-scaleout-$V.jar:$ROOT/bundles/testkit/target/gridhub-testkit-$V.jar:$DEPS"
exec java -Xmx512m -Dgridhub.kafka.startSeconds=600 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.gridhub.bench.scaleout.ScaleOutBench \
  "$DIST" "$BENCH/target/run-$(date +%Y%m%d-%H%M%S)" "$@"
