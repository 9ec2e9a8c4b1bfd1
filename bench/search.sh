#!/usr/bin/env bash
# Full-text search vs LIKE '%word%', and insert throughput with and without the search index,
# through Tiddly's HTTP API on SQLite and an embedded PostgreSQL (see bench/java/SearchBench.java).
# Usage: bench/search.sh [ROWS] [sqlite|postgres|both] [all|load|index|query|search|ranked|inserts]
#   (defaults 1000000 both all). The data lives in $TIDDLY_SEARCH_BENCH_DIR (default
#   /tmp/tiddly-search-bench) so that each phase fits in the 10 minutes a run may take on a busy
#   machine; run load and index again until they stop saying "run … again":
#   load     the rows (PostgreSQL: with the search index made first), resumed where it stopped
#   index    SQLite: the FTS5 index of the stored rows, in chunks; PostgreSQL: VACUUM ANALYZE
#   query    the timings (the search: cold, as the server starts, then warm: every search sent
#            for 8 s untimed, then 20 untimed and 100 timed a search; see docs/performance.md)
#   search   the timings of the search and of LIKE limit 20 only (not every match ranked, LIKE count)
#   ranked   the timings of the search only
#   inserts  single-row POST throughput with the index, then without it (drops the index)
#   all      load, index, query and inserts, then removes the data (for small ROWS)
# PostgreSQL of one's own instead of the embedded one (query, search, ranked, inserts phases):
#   TIDDLY_SEARCH_BENCH_PG_URL=jdbc:postgresql://127.0.0.1:55439/postgres (user postgres, trust),
#   TIDDLY_SEARCH_BENCH_WORDS=w when its word of frequency rank k is "w<k>".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
rows="${1:-1000000}"
which="${2:-both}"
phase="${3:-all}"
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
classpath="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
work="${TIDDLY_SEARCH_BENCH_DIR:-/tmp/tiddly-search-bench}"
mkdir -p "$work"
if [[ "$phase" == all ]]; then
    trap 'rm -rf "$work"' EXIT
fi
for engine in sqlite postgres; do
    if [[ "$which" == both || "$which" == "$engine" ]]; then
        echo "== $engine, $rows rows, $phase ($(uptime | sed 's/.*load average/load average/'))"
        java -Xmx2g -cp "$classpath" bench/java/SearchBench.java "$engine" "$rows" "$work/$engine" "$phase"
    fi
done
