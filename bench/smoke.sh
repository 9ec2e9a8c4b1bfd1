#!/usr/bin/env bash
# CI's smoke run: 5 seconds of workload E (reads, category pages, inserts, updates) against a
# freshly started jar on a small generated dataset. Fails on any error (a non-2xx status, a wrong
# body, a socket error) or on an acknowledged write missing afterwards; never on speed.
# Usage: bench/smoke.sh        Settings: SECONDS_E=5 ITEMS=2000 THREADS=2 CONNECTIONS=16 TIDDLY_JAR=…
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
ITEMS="${ITEMS:-2000}"
SECONDS_E="${SECONDS_E:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tiddly-smoke.XXXXXX")"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

command -v java >/dev/null || { echo "smoke: java is not installed" >&2; exit 2; }
need_tools wrk sqlite3 curl
build_tiddly
"$here/gen-dataset.sh" "$work/smoke.db" "$ITEMS" 100 1000 >/dev/null
start_server tiddly "$TIDDLY_JAR" "$work/smoke.db"
tiddly_pid=$server_pid
echo "smoke: $(basename "$TIDDLY_JAR") answered ${server_startup_ms} ms after launch; workload E for ${SECONDS_E} s"
run_wrk e "$server_port" e "$SECONDS_E" 1
acked_expected=$r_acked
printf 'smoke: %s requests, %.0f req/s, p50 %s ms, p99 %s ms, %s errors\n' \
    "$r_requests" "$r_rps" "$r_p50" "$r_p99" "$r_errors"
stop_pid "$tiddly_pid"
status=0
if [[ "$r_errors" -ne 0 || "$r_requests" -eq 0 ]]; then
    echo "smoke: FAILED: $r_errors errors; first: ${r_first_error:-none}"
    if grep -q ERROR "$work/tiddly.log"; then
        echo "smoke: the server's log:"
        grep -v '^\s*at ' "$work/tiddly.log" | tail -n 20
    fi
    status=1
fi
if ! check_acks "$work/smoke.db"; then
    echo "smoke: FAILED: an acknowledged write is missing"
    status=1
fi
if [[ "$status" -eq 0 ]]; then
    echo "smoke: passed"
fi
exit "$status"
