#!/usr/bin/env bash
# --db-replicas measured: a PostgreSQL 15 primary (:5494) and one asynchronous streaming replica
# (:5495) with table item (100,000 rows), Tiddly on :4595 without replicas and on :4596 with the
# replica; wrk runs the bench's by-id reads (bench/wrk/a-get.lua) and its write-heavy mix
# (bench/wrk/w.lua: half reads, half updates) against each, SECONDS each (default 15), inside
# `flock /work/bench.lock` when that file exists. Prints wrk's RESULT lines, where the reads went
# (/_metrics) and /_ready. Usage: ops/clusters/pg-replicas.sh [SECONDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
seconds="${1:-15}"
work="$(mktemp -d /tmp/tiddly-pg-replicas.XXXXXX)"
chmod 755 "$work"
# shellcheck source=lib.sh
source "$here/lib.sh"
trap 'finish $?' EXIT
need_packages
build_tiddly

primary="$work/primary" replica="$work/replica"
pg_new "$primary" 5494 "fsync = off"
pg_dirs+=("$primary" "$replica")
pg_start "$primary"
as_user postgres psql -X -q -h 127.0.0.1 -p 5494 -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -f "$repo/scripts/sample.postgres.sql" >/dev/null
psql_at 5494 "CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL, price double precision,
    category text, created_at text);
  INSERT INTO item SELECT id, 'item-' || id, ((id * 7919) % 100000) / 100.0 + 1, 'c' || lpad((id % 100)::text, 2, '0'),
    to_char(timestamp '2024-01-01' + id * interval '1 minute', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
  FROM generate_series(1, 100000) AS id;
  CREATE INDEX item_category ON item (category); ANALYZE item;"
own_dir postgres "$replica"
as_user postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p 5494 -U postgres -D "$replica" -R --checkpoint=fast \
    2> >(grep -v 'skipping special file' >&2)
{
    echo "port = 5495"
    echo "unix_socket_directories = '$replica'"
} >>"$replica/postgresql.auto.conf"
pg_start "$replica"
echo "pg-replicas: $(psql_at 5494 'SHOW server_version'), primary :5494, asynchronous replica :5495"

tiddly_start 4595 jdbc:postgresql://127.0.0.1:5494/postgres --db-user postgres
tiddly_start 4596 jdbc:postgresql://127.0.0.1:5494/postgres --db-user postgres \
    --db-replicas jdbc:postgresql://127.0.0.1:5495/postgres
for ((i = 0; i < 100; i++)); do # the replica's poller has seen it
    curl -s http://127.0.0.1:4596/_ready | grep -q '"reads":true' && break
    sleep 0.1
done

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
