#!/usr/bin/env bash
# A JFR profile of the jar under workload E: warms up, records PROFILE_SECONDS (default 30) with
# JFR's "profile" settings, then prints the hottest methods (own samples and samples anywhere on
# the stack) and the top allocation sites. The recording is kept at PROFILE_OUT for `jfr` or JMC.
# Usage: bench/profile.sh [workload]   (default e; any script name in bench/wrk)
#        bench/profile.sh --analyse FILE.jfr   (prints the same tables for an existing recording)
# Settings: PROFILE_SECONDS=30 WARMUP=10 ITEMS=100000 TOP=15 SAMPLE_PERIOD=1ms PROFILE_OUT=/tmp/tiddly-profile.jfr
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
WORKLOAD="${1:-e}"
ANALYSE=""
if [[ "$WORKLOAD" == --analyse ]]; then
    ANALYSE="${2:?usage: bench/profile.sh --analyse FILE.jfr}"
fi
ITEMS="${ITEMS:-100000}"
PROFILE_SECONDS="${PROFILE_SECONDS:-30}"
WARMUP="${WARMUP:-10}"
TOP="${TOP:-15}"
PROFILE_OUT="${PROFILE_OUT:-/tmp/tiddly-profile.jfr}"
SAMPLE_PERIOD="${SAMPLE_PERIOD:-1ms}" # JFR's profile settings sample every 10 ms: too few samples here
work="$(mktemp -d "${TMPDIR:-/tmp}/tiddly-profile.XXXXXX")"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

if [[ -z "$ANALYSE" ]]; then
    need_tools wrk sqlite3 curl
build_tiddly
    "$here/gen-dataset.sh" "$work/profile.db" "$ITEMS" >/dev/null
    start_server tiddly "$TIDDLY_JAR" "$work/profile.db"
    pid=$server_pid port=$server_port
    echo "profile: warming up with ${WARMUP} s of workload $WORKLOAD"
    run_wrk warmup "$port" "$WORKLOAD" "$WARMUP" 1
    jcmd "$pid" JFR.start name=bench settings=profile "jdk.ExecutionSample#period=$SAMPLE_PERIOD" >/dev/null
    run_wrk profiled "$port" "$WORKLOAD" "$PROFILE_SECONDS" 2
    jcmd "$pid" JFR.stop name=bench filename="$PROFILE_OUT" >/dev/null
    echo "profile: workload $WORKLOAD, $r_requests requests, $r_rps req/s, $r_errors errors (recording: $PROFILE_OUT)"
    stop_pid "$pid"
else
    PROFILE_OUT="$ANALYSE"
fi

set +o pipefail # head closes the pipes below early, on purpose
jfr print --events jdk.ExecutionSample --stack-depth 64 "$PROFILE_OUT" >"$work/samples.txt"
jfr print --events jdk.NativeMethodSample --stack-depth 64 "$PROFILE_OUT" >"$work/native.txt"
jfr print --events jdk.ObjectAllocationSample --stack-depth 64 "$PROFILE_OUT" >"$work/allocations.txt"

# Reads `jfr print` output: per event, the frames of stackTrace = [ … ] and the weight, if any.
# MODE self: count the top frame; total: every distinct frame; alloc: top frame, by weight (KiB);
# component: the first frame outside the JDK, as a library or Tiddly package; native: the top
# frame of samples that are not idle waits (selector, accept, parking).
aggregate() { # FILE MODE
    awk -v mode="$2" '
        function frame(line) { sub(/^[ \t]+/, "", line); sub(/[ \t]+line:.*$/, "", line); return line }
        function component(f) {
            if (f ~ /^tiddly\./) { split(f, p, "."); return "tiddly." p[2] }
            if (f ~ /^org\.jdbi\./) return "Jdbi"
            if (f ~ /^org\.sqlite\./) return "sqlite-jdbc"
            if (f ~ /^com\.zaxxer\./) return "HikariCP"
            if (f ~ /^com\.google\.gson\./) return "Gson"
            if (f ~ /^spark\./) return "Spark"
            if (f ~ /^org\.eclipse\.jetty\./) return "Jetty"
            if (f ~ /^org\.slf4j\./) return "slf4j"
            return ""
        }
        function finish() {
            if (mode == "component" && depth > 0) count[recording ? "the recording itself (Jdbi emits a jdbi.statement event per statement while JFR records)" : owner == "" ? "JDK only (GC, JIT, threads)" : owner]++
            if (mode == "native" && depth > 0 && top !~ /(EPoll|epoll|Net\.poll|accept|Unsafe\.park|Object\.wait|Thread\.sleep|socketRead|SocketDispatcher\.read)/) count[top]++
        }
        /^jdk\./ { finish(); weight = 1; depth = 0; owner = ""; top = ""; recording = 0; delete seen }
        /^[ \t]+weight = / { w = $3; unit = $4; weight = w * (unit ~ /^MB/ ? 1024 : unit ~ /^kB/ ? 1 : unit ~ /^GB/ ? 1048576 : 1 / 1024) }
        /stackTrace = \[/ { in_stack = 1; next }
        in_stack && /^[ \t]+\]/ { in_stack = 0; next }
        in_stack && /^[ \t]+\.\.\.$/ { next }
        in_stack {
            f = frame($0); depth++
            if (depth == 1) top = f
            if (f ~ /^(org\.jdbi\.v3\.core\.statement\.(JdbiStatementEvent|SqlLoggerUtil)|jdk\.jfr\.)/) recording = 1
            if (owner == "") owner = component(f)
            if (mode == "self" && depth == 1) count[f]++
            if (mode == "alloc" && depth == 1) count[f] += weight
            if (mode == "total" && !(f in seen)) { seen[f] = 1; count[f]++ }
        }
        END { finish(); for (f in count) printf "%d %s\n", count[f], f }' "$1" | sort -rn
}
percent() { awk -v n="$1" '{ c = $1; $1 = ""; printf "%5.1f%% %s\n", 100 * c / n, $0 }'; }
samples=$(grep -c '^jdk.ExecutionSample' "$work/samples.txt" || true)
echo
echo "== where the Java samples are ($samples samples; each goes to its first frame outside the JDK)"
aggregate "$work/samples.txt" component | percent "$samples"
echo
echo "== hottest methods by own samples"
aggregate "$work/samples.txt" self | head -n "$TOP" | percent "$samples"
echo
echo "== Tiddly's methods by samples anywhere on the stack"
aggregate "$work/samples.txt" total | grep ' tiddly\.' | head -n "$TOP" | percent "$samples"
echo
native=$(aggregate "$work/native.txt" native | awk '{ n += $1 } END { print n + 0 }')
echo "== busy native methods ($native samples outside idle waits; mostly SQLite via JNI)"
aggregate "$work/native.txt" native | head -n 8 | percent "$native"
echo
echo "== top allocation sites (sampled weight, KiB)"
aggregate "$work/allocations.txt" alloc | head -n "$TOP"
