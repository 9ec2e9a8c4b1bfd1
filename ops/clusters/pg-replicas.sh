#!/usr/bin/env bash
# --db-replicas measured: a PostgreSQL 15 primary (:5494) and one asynchronous streaming replica
# (:5495) with table item (100,000 rows), Tiddly on :4595 without replicas and on :4596 with the
# replica; wrk runs the bench's by-id reads (bench/wrk/a-get.lua) and its write-heavy mix
# (bench/wrk/w.lua: half reads, half updates) against each, SECONDS each (default 15), inside
# `flock /work/bench.lock` when that file exists. Prints wrk's RESULT lines, where the reads went
# (/_metrics) and /_ready. Usage: ops/clusters/pg-replicas.sh [SECONDS]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
seconds="${1:-15}"
cluster_begin pg-replicas

pg_item_pair 5494 5495
echo "pg-replicas: $(psql_at 5494 'SHOW server_version'), primary :5494, asynchronous replica :5495"

tiddly_start 4595 jdbc:postgresql://127.0.0.1:5494/postgres --db-user postgres
tiddly_start 4596 jdbc:postgresql://127.0.0.1:5494/postgres --db-user postgres \
    --db-replicas jdbc:postgresql://127.0.0.1:5495/postgres
await_replica_reads 4596

measure() { # LABEL PORT SCRIPT TAG
    local result
    result="$(wrk -t2 -c16 -d"${seconds}s" --latency -s "$repo/bench/wrk/$3.lua" "http://127.0.0.1:$2" \
        -- items=100000 tag="$4" | grep '^RESULT' || true)"
    echo "  $1: ${result:-no result}"
}

reads() { # PORT: reads sent to the replica and to the primary so far
    curl -s "http://127.0.0.1:$1/_metrics" | grep -E '^tiddly_db_(reads|replica_asks)_total' | sed 's/^/    /'
}

bench() {
    echo "pg-replicas: wrk -t2 -c16 -d${seconds}s; load before:$(uptime | sed 's/.*load average//')"
    measure "by-id reads, primary only (:4595)" 4595 a-get 1
    measure "by-id reads, with --db-replicas (:4596)" 4596 a-get 2
    reads 4596
    measure "half reads, half updates, primary only (:4595)" 4595 w 3
    measure "half reads, half updates, with --db-replicas (:4596)" 4596 w 4
    reads 4596
    echo "pg-replicas: load after:$(uptime | sed 's/.*load average//')"
}

if [[ -e /work/bench.lock ]]; then
    export -f bench measure reads
    export seconds repo
    flock /work/bench.lock bash -c bench
else
    bench
fi
echo "pg-replicas: /_ready of :4596: $(curl -s http://127.0.0.1:4596/_ready)"
