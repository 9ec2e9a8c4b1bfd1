#!/usr/bin/env bash
# Heap under a long mixed load: workload E for SOAK_SECONDS (default 60) against the jar, with
# jstat -gc samples every SAMPLE_SECONDS (default 10) and the live heap (after a full GC) before
# and after. Flat means the live heap after the load is within 10% (or 8 MiB) of before.
# Usage: bench/soak.sh      Settings: SOAK_SECONDS=60 SAMPLE_SECONDS=10 WARMUP=10 ITEMS=100000 JAVA_OPTS=…
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
ITEMS="${ITEMS:-100000}"
SOAK_SECONDS="${SOAK_SECONDS:-60}"
SAMPLE_SECONDS="${SAMPLE_SECONDS:-10}"
WARMUP="${WARMUP:-10}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tiddly-soak.XXXXXX")"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

need_tools wrk sqlite3 curl
build_tiddly
"$here/gen-dataset.sh" "$work/soak.db" "$ITEMS" >/dev/null
start_server tiddly "$TIDDLY_JAR" "$work/soak.db"
pid=$server_pid port=$server_port

# Heap in MiB from one jstat -gc line: used (survivors + eden + old), old used, committed; GC counts.
heap() {
    jstat -gc "$pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]
          committed = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]
          printf "heap used %7.1f MiB  old used %7.1f MiB  committed %7.1f MiB  young GCs %4d  full GCs %2d  GC time %6.3f s\n",
              used / 1024, $col["OU"] / 1024, committed / 1024, $col["YGC"], $col["FGC"], $col["GCT"] }'
}
live() { # MiB in use right after a full GC
    jcmd "$pid" GC.run >/dev/null
    jstat -gc "$pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { printf "%.1f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }'
}

echo "soak: warming up with ${WARMUP} s of workload E"
run_wrk warmup "$port" e "$WARMUP" 1
acked_expected=$r_acked
before=$(live)
echo "soak: live heap after warm-up and a full GC: $before MiB"
echo "soak: workload E for ${SOAK_SECONDS} s, -t$THREADS -c$CONNECTIONS"
run_wrk soak "$port" e "$SOAK_SECONDS" 2 &
wrk_pid=$!
for ((t = 0; t <= SOAK_SECONDS; t += SAMPLE_SECONDS)); do
    printf 't=%3ss  %s\n' "$t" "$(heap)"
    [[ $t -lt $SOAK_SECONDS ]] && sleep "$SAMPLE_SECONDS"
done
wait "$wrk_pid"
line=$(grep '^RESULT ' "$work/soak.out" || true)
soak_errors=$(field "$line" errors)
acked_expected=$((acked_expected + $(field "$line" acked)))
after=$(live)
echo "soak: $(field "$line" requests) requests, $(field "$line" rps) req/s, ${soak_errors:-?} errors"
echo "soak: live heap after the load and a full GC: $after MiB (before: $before MiB)"
verdict=$(awk -v b="$before" -v a="$after" 'BEGIN { d = a - b; print (d <= 8 || d <= b * 0.10) ? "flat" : "GROWING" }')
echo "soak: heap $verdict"
stop_pid "$pid"
check_acks "$work/soak.db"
[[ "$verdict" == flat && "${soak_errors:-1}" -eq 0 ]]
