#!/usr/bin/env bash
# The store's block codec: bytes per value on the real series and 1 s telemetry (sizes), and the JMH comparison of
# block formats 1 and 2 (jmh; decode: the same decoding alternated in one JVM, in CPU time), and bytes per value as
# the store itself keeps the same series (store).
# Usage: bench/jmh/codec.sh sizes [DATA_DIR] | store [DATA_DIR] | decode [ROUNDS [SERIES]] | jmh [JMH options]
# Builds bench/jmh (and the store) offline first when the jar is missing. Results: docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/bench/jmh/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -o -q install -pl bundles/store-derby,bench/jmh -DskipTests)
fi
what="${1:-sizes}"
shift || true
case "$what" in
  sizes) exec nice java -cp "$jar" io.gridhub.store.derby.internal.BlockSizes "${1:-$root/../shared/data}" ;;
  store) exec nice java -cp "$jar" io.gridhub.store.derby.internal.StoreSizes "${1:-$root/../shared/data}" ;;
  decode) exec nice java -cp "$jar" io.gridhub.store.derby.internal.DecodeAlternating "$@" ;;
  jmh) exec nice java -jar "$jar" BlockCodecBenchmark "$@" ;;
  *) echo "usage: $0 sizes [DATA_DIR] | store [DATA_DIR] | decode [ROUNDS [SERIES]] | jmh [JMH options]" >&2; exit 2 ;;
esac
