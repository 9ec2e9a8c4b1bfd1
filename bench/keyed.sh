#!/usr/bin/env bash
# What an Idempotency-Key costs a write: workloads C (insert) and D (update by id) with and without
# a key of their own on every write (keyed=1, as the JS and Java clients send), alternating on one
# server and one dataset, ROUNDS times, so the pairs share the machine's conditions. Prints one
# line per run and the keyed/plain ratio of each pair. Every run's writes must answer 2xx.
#
# Usage: bench/keyed.sh
# Settings (environment): DURATION=8 WARMUP=8 ROUNDS=2 THREADS=2 CONNECTIONS=16 ITEMS=100000
#   TIDDLY_JAR=<repo>/target/tiddly.jar
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
DURATION="${DURATION:-8}"
WARMUP="${WARMUP:-8}"
ROUNDS="${ROUNDS:-2}"
ITEMS="${ITEMS:-100000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tiddly-keyed.XXXXXX")"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

need_tools wrk sqlite3 curl
build_tiddly
"$here/gen-dataset.sh" "$work/tiddly.db" "$ITEMS" >/dev/null
start_server keyed "$TIDDLY_JAR" "$work/tiddly.db"

# one wrk run; prints its RESULT fields and sets $rps
run() { # WORKLOAD SECONDS TAG KEYED
    local line
    line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --latency -s "$here/wrk/$1.lua" \
        "http://127.0.0.1:$server_port" -- items="$ITEMS" tag="$3" keyed="$4" 2>&1 | grep '^RESULT ' || true)
    rps=$(field "$line" rps)
    if [[ -z "$rps" || "$(field "$line" errors)" != 0 ]]; then
        echo "keyed: $1 (keyed=$4) failed: ${line:-no result}" >&2
        exit 1
    fi
}

run c "$WARMUP" 1 1 # warm-up: the JIT compiles both paths
tag=2
for ((round = 1; round <= ROUNDS; round++)); do
    for workload in c d; do
        run "$workload" "$DURATION" "$tag" 0
        plain=$rps
        run "$workload" "$DURATION" $((tag + 1)) 1
        keyed=$rps
        tag=$((tag + 2))
        printf 'round %d %s: plain %s req/s, keyed %s req/s, keyed/plain %s (load %s)\n' \
            "$round" "$workload" "$plain" "$keyed" \
            "$(awk -v k="$keyed" -v p="$plain" 'BEGIN { printf "%.2f", k / p }')" \
            "$(cut -d' ' -f1 /proc/loadavg)"
    done
done
