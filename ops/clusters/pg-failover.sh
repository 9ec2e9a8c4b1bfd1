#!/usr/bin/env bash
# PostgreSQL 15 primary + synchronous streaming replica on loopback, two Tiddly instances on the
# multi-host URL (targetServerType=primary), 16 writers + 16 readers for SECONDS (default 40):
# the primary is stopped with -m immediate at 1/4 of the run and the replica promoted 3 s later.
# Fails unless every acknowledged write is on the new primary, once, with no 500 and no missed
# read-your-writes; and unless a live query open on the first instance throughout got every
# acknowledged write's insert event exactly once. ~1 min.
# With --db-replicas, both instances also read from the replica (--db-replicas) until it is promoted;
# the load's read-backs bring each write's Tiddly-Position to the other instance.
# Usage: ops/clusters/pg-failover.sh [--db-replicas] [SECONDS]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
replicas=()
if [[ "${1:-}" == --db-replicas ]]; then
    replicas=(--db-replicas jdbc:postgresql://127.0.0.1:5493/postgres --db-replica-max-lag 5)
    shift
fi
seconds="${1:-40}"
cluster_begin pg-failover

primary="$work/primary" replica="$work/replica"
pg_new "$primary" 5492
pg_dirs+=("$primary" "$replica")
pg_start "$primary"
as_user postgres psql -X -q -h 127.0.0.1 -p 5492 -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -f "$repo/scripts/sample.postgres.sql" >/dev/null
own_dir postgres "$replica"
as_user postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p 5492 -U postgres -D "$replica" -R --checkpoint=fast
{
    echo "port = 5493"
    echo "unix_socket_directories = '$replica'"
    echo "primary_conninfo = 'host=127.0.0.1 port=5492 user=postgres application_name=replica1'"
    echo "synchronous_standby_names = ''"   # once promoted, it has no standby to wait for
} >>"$replica/postgresql.auto.conf"
pg_start "$replica"
psql_at 5492 "ALTER SYSTEM SET synchronous_standby_names = 'replica1'" # from now on a commit waits for the replica
psql_at 5492 "SELECT pg_reload_conf()" >/dev/null
for ((i = 0; i < 120; i++)); do
    [[ "$(psql_at 5492 "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'replica1'")" == sync ]] && break
    sleep 0.25
done
echo "pg-failover: $(psql_at 5492 'SHOW server_version'), primary :5492, synchronous replica :5493"

url="jdbc:postgresql://127.0.0.1:5492,127.0.0.1:5493/postgres?targetServerType=primary"
tiddly_start 4591 "$url" --db-user postgres "${replicas[@]}"
tiddly_start 4592 "$url" --db-user postgres "${replicas[@]}"
echo "pg-failover: Tiddly on :4591 and :4592 over $url ${replicas[*]}; load for $seconds s"

# a live query stays open on :4591 throughout and resumes with Last-Event-ID (FailoverLoad)
export FAILOVER_STREAM=1
run_load "$seconds" http://127.0.0.1:4591,http://127.0.0.1:4592 jdbc:postgresql://127.0.0.1:5493/postgres postgres
load_started
sleep $((seconds / 4))
fault="$(now_ms)"
pg_stop "$primary" immediate
echo "pg-failover: primary stopped (-m immediate) at +$((fault - load_start))ms of the load"
sleep 3
repaired="$(now_ms)"
as_user postgres "$PG_BIN/pg_ctl" -D "$replica" -w promote >/dev/null
echo "pg-failover: replica promoted $((repaired - fault))ms after the stop"
wait "$load_pid"
load_pid=""
if [[ ${#replicas[@]} -gt 0 ]]; then # where reads went, on each instance
    for port in 4591 4592; do
        echo "pg-failover: :$port $(curl -s "http://127.0.0.1:$port/_metrics" | grep -E '^tiddly_db_reads_total' | tr '\n' ' ')"
    done
fi
judge "$fault" "$repaired"
