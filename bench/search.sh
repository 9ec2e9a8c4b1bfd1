#!/usr/bin/env bash
# Full-text search vs LIKE '%word%', and insert throughput with and without the search index,
# through Tiddly's HTTP API on SQLite and an embedded PostgreSQL (see bench/java/SearchBench.java).
# Usage: bench/search.sh [ROWS] [sqlite|postgres|both]   (defaults 1000000 both)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
rows="${1:-1000000}"
which="${2:-both}"
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
classpath="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
work="$(mktemp -d /tmp/tiddly-search-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
for engine in sqlite postgres; do
    if [[ "$which" == both || "$which" == "$engine" ]]; then
        echo "== $engine, $rows rows"
        java -Xmx2g -cp "$classpath" bench/java/SearchBench.java "$engine" "$rows" "$work/$engine"
    fi
done
