#!/usr/bin/env bash
# Read-your-writes across instances without a token: synchronous_commit = remote_apply. A PostgreSQL
# 15 primary (:5496) and one streaming replica (:5497, application_name replica1) with table item
# (100,000 rows); two Tiddly instances with --db-replicas (:4597, :4598). In each mode, asynchronous
# (synchronous_standby_names = '') and remote_apply (the replica a synchronous standby that must
# have applied each commit): ROUNDS updates through :4597, each read back at once through :4598
# WITHOUT Tiddly-Position (curl --next: one process, the read right after the answer), counting
# stale reads and where :4598's reads went; then wrk's write-heavy mix (bench/wrk/w.lua, half reads,
# half updates) on :4597, SECONDS each, the modes alternated A/B/A/B inside
# `flock /work/bench.lock` when that file exists.
# Usage: ops/clusters/pg-remote-apply.sh [SECONDS] [ROUNDS]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
seconds="${1:-10}"
rounds="${2:-300}"
cluster_begin pg-remote-apply

pg_item_pair 5496 5497 "primary_conninfo = 'host=127.0.0.1 port=5496 user=postgres application_name=replica1'"
echo "pg-remote-apply: $(psql_at 5496 'SHOW server_version'), primary :5496, replica :5497"

replica_url=jdbc:postgresql://127.0.0.1:5497/postgres
tiddly_start 4597 jdbc:postgresql://127.0.0.1:5496/postgres --db-user postgres --db-replicas "$replica_url"
tiddly_start 4598 jdbc:postgresql://127.0.0.1:5496/postgres --db-user postgres --db-replicas "$replica_url"
await_replica_reads 4597 4598

mode() { # async | remote_apply
    if [[ "$1" == remote_apply ]]; then
        psql_at 5496 "ALTER SYSTEM SET synchronous_standby_names = 'replica1'" >/dev/null
        psql_at 5496 "ALTER SYSTEM SET synchronous_commit = 'remote_apply'" >/dev/null
    else
        psql_at 5496 "ALTER SYSTEM SET synchronous_standby_names = ''" >/dev/null
        psql_at 5496 "ALTER SYSTEM RESET synchronous_commit" >/dev/null
    fi
    psql_at 5496 "SELECT pg_reload_conf()" >/dev/null
    local want=async i
    [[ "$1" == remote_apply ]] && want=sync
    for ((i = 0; i < 120; i++)); do
        [[ "$(psql_at 5496 "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'replica1'")" == "$want" ]] && return 0
        sleep 0.25
    done
    echo "pg-remote-apply: the replica never became $want" >&2
    return 1
}

reads() { # PORT: reads sent to the replica and to the primary so far
    curl -s "http://127.0.0.1:$1/_metrics" | grep -E '^tiddly_db_reads_total' | sed 's/.*on="\([a-z]*\)".* \([0-9.E]*\)$/\1=\2/' | tr '\n' ' '
}

check() { # MODE: ROUNDS updates through :4597, each read back at once through :4598 without a position
    mode "$1"
    local before stale=0 i answer
    before="$(reads 4598)"
    for ((i = 1; i <= rounds; i++)); do
        answer="$(curl -s -X PUT -H 'Content-Type: application/json' -d "{\"name\":\"$1-$i\"}" \
            http://127.0.0.1:4597/author/1 -o /dev/null --next -s http://127.0.0.1:4598/author/1)"
        [[ "$answer" == *"\"$1-$i\""* ]] || stale=$((stale + 1))
    done
    echo "  $1: $rounds updates through :4597 read back at once through :4598 without Tiddly-Position: $stale stale; :4598 reads before: $before after: $(reads 4598)"
}

measure() { # MODE TAG
    mode "$1"
    local result
    result="$(wrk -t2 -c16 -d"${seconds}s" --latency -s "$repo/bench/wrk/w.lua" http://127.0.0.1:4597 \
        -- items=100000 tag="$2" | grep '^RESULT' || true)"
    echo "  $1 (w.lua: half reads, half updates): ${result:-no result}"
}

bench() {
    echo "pg-remote-apply: read-your-writes without a token; load:$(uptime | sed 's/.*load average//')"
    check async
    check remote_apply
    echo "pg-remote-apply: wrk -t2 -c16 -d${seconds}s on :4597, A/B/A/B; load before:$(uptime | sed 's/.*load average//')"
    measure async 1
    measure remote_apply 2
    measure async 3
    measure remote_apply 4
    echo "pg-remote-apply: load after:$(uptime | sed 's/.*load average//')"
}

if [[ -e /work/bench.lock ]]; then
    export -f bench check measure mode reads psql_at as_user
    export seconds rounds repo
    flock /work/bench.lock bash -c bench
else
    bench
fi
