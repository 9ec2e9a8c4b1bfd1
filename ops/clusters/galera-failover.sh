#!/usr/bin/env bash
# A 3-node MariaDB 10.11 + Galera 4 cluster on loopback (wsrep_sync_wait=1, small gcache), Tiddly
# on node 1 and on node 2 (each URL lists the other nodes after its own: the driver's
# `sequential` failover), 16 writers + 16 readers for SECONDS (default 40): node 2 is SIGKILLed at
# 1/4 of the run and restarted 10 s later (it rejoins by IST from the others' gcache). Fails unless
# every acknowledged write is on all three nodes, once, with no 500 and no missed read-your-writes.
# ~1.5 min. Usage: ops/clusters/galera-failover.sh [SECONDS]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
seconds="${1:-40}"
cluster_begin galera-failover

members="127.0.0.1:4701,127.0.0.1:4711,127.0.0.1:4721"
node() { # N [OPTION…]: starts node N (port 340N, Galera 47N1, IST 47N2, SST 47N3)
    local n="$1"; shift
    maria_start "$work/node$n" "340$n" --wsrep-on=ON --wsrep-provider="$GALERA_LIB" \
        --wsrep-cluster-name=tiddly --wsrep-node-name="node$n" --wsrep-node-address="127.0.0.1:47${n}1" \
        --wsrep-provider-options="\"gmcast.listen_addr=tcp://127.0.0.1:47${n}1;ist.recv_addr=127.0.0.1:47${n}2;gcache.size=32M\"" \
        --wsrep-sst-receive-address="127.0.0.1:47${n}3" --wsrep-sst-method=rsync --wsrep-sync-wait=1 \
        --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 "$@"
    node_pid[n]="$maria_pid"
}
synced() { # N: waits until node N is Synced
    local i
    for ((i = 0; i < 480; i++)); do
        [[ "$(maria_at "340$1" "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)" == Synced ]] && return 0
        sleep 0.25
    done
    echo "galera-failover: node $1 never synced" >&2
    return 1
}
declare -a node_pid
for n in 1 2 3; do maria_new "$work/node$n"; done
node 1 --wsrep-cluster-address=gcomm:// # bootstraps the cluster
synced 1
node 2 --wsrep-cluster-address="gcomm://$members"
synced 2
node 3 --wsrep-cluster-address="gcomm://$members"
synced 3
maria_at 3401 "CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
mariadb --no-defaults -h 127.0.0.1 -P 3401 -u root shop <"$repo/scripts/sample.mariadb.sql"
echo "galera-failover: $(maria_at 3401 'SELECT VERSION()'), Galera $(maria_at 3401 "SHOW STATUS LIKE 'wsrep_provider_version'" | cut -f2), cluster size $(maria_at 3402 "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2)"

tiddly_start 4593 "jdbc:mariadb:sequential://127.0.0.1:3401,127.0.0.1:3402,127.0.0.1:3403/shop" --db-user root
tiddly_start 4594 "jdbc:mariadb:sequential://127.0.0.1:3402,127.0.0.1:3403,127.0.0.1:3401/shop" --db-user root
echo "galera-failover: Tiddly on :4593 (node 1 first) and :4594 (node 2 first); load for $seconds s"

run_load "$seconds" http://127.0.0.1:4593,http://127.0.0.1:4594 \
    jdbc:mariadb://127.0.0.1:3401/shop,jdbc:mariadb://127.0.0.1:3402/shop,jdbc:mariadb://127.0.0.1:3403/shop root
load_started
sleep $((seconds / 4))
fault="$(now_ms)"
kill -KILL "${node_pid[2]}"
echo "galera-failover: node 2 SIGKILLed at +$((fault - load_start))ms of the load"
sleep 10
node 2 --wsrep-cluster-address="gcomm://$members"
synced 2
repaired="$(now_ms)"
echo "galera-failover: node 2 restarted and Synced $((repaired - fault))ms after the kill ($(grep -o 'Receiving IST\.\.\. 100.0% ([0-9/]* events)' "$work/node2.log" | tail -1 || true))"
wait "$load_pid"
load_pid=""
judge "$fault" "$repaired"
