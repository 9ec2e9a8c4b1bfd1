# shellcheck shell=bash
# Functions shared by bench/run.sh, smoke.sh, soak.sh and profile.sh; sourced, not run.
# Expects: $here (bench/), $repo (the repository), $work (a temporary directory).

TIDDLY_JAR="${TIDDLY_JAR:-$repo/target/tiddly.jar}"
STICK_JAR="${STICK_JAR:-$here/target/stick.jar}"
JAVA_OPTS="${JAVA_OPTS:-}"
MVN_FLAGS="${MVN_FLAGS:-}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"

started_pids=()

# need_tools TOOL…: installs the missing ones from Debian's packages when running as root (as CI
# does on a fresh machine); otherwise says what to install. The package has the tool's name.
need_tools() {
    local missing=() tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "bench: installing ${missing[*]} from Debian's packages"
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; then
            apt-get update -q >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
        fi
        return 0
    fi
    echo "bench: missing ${missing[*]}; install with: sudo apt-get install ${missing[*]}" >&2
    return 2
}

# Stops every server this script started; the trap calls it on any exit.
stop_all() {
    local pid
    for pid in "${started_pids[@]}"; do
        stop_pid "$pid"
    done
    started_pids=()
}

# SIGTERM (Tiddly's shutdown hook closes the database), then SIGKILL after 10 s.
stop_pid() {
    local pid="$1" i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.05
    done
    echo "bench: process $pid ignored SIGTERM for 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# Builds Tiddly's jar when missing (only at the default path: a given TIDDLY_JAR must exist).
build_tiddly() {
    if [[ ! -f "$TIDDLY_JAR" ]]; then
        if [[ "$TIDDLY_JAR" != "$repo/target/tiddly.jar" ]]; then
            echo "bench: TIDDLY_JAR=$TIDDLY_JAR does not exist" >&2
            return 1
        fi
        echo "bench: building $TIDDLY_JAR"
        (cd "$repo" && mvn -B -q $MVN_FLAGS package -Dmaven.test.skip=true)
    fi
}

# Builds bench/target/stick.jar and benchmarks.jar when missing or older than their sources.
build_bench() {
    if [[ ! -f "$STICK_JAR" || ! -f "$here/target/benchmarks.jar" ]] \
        || [[ -n "$(find "$here/pom.xml" "$here/src" -newer "$STICK_JAR" -print -quit)" ]]; then
        echo "bench: building the stick and the JMH benchmarks"
        mvn -B -q $MVN_FLAGS -f "$here/pom.xml" package -Dtiddly.jar="$TIDDLY_JAR"
    fi
}

# start_server NAME JAR DB: starts `java -jar JAR --db DB --port 0` on 127.0.0.1 and waits until
# it answers GET /item/1. Sets $server_pid, $server_port and $server_startup_ms (launch to the
# first served request, measured to about 5 ms). Its output goes to $work/NAME.log.
start_server() {
    local name="$1" jar="$2" db="$3" log="$work/$1.log" start now i
    : >"$log" # exists before the server writes to it, for the polling below
    start=$(date +%s%N)
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
    java $JAVA_OPTS -jar "$jar" --db "$db" --host 127.0.0.1 --port 0 >"$log" 2>&1 &
    server_pid=$!
    started_pids+=("$server_pid")
    server_port=""
    for ((i = 0; i < 6000; i++)); do
        if [[ -z "$server_port" ]]; then
            server_port=$(sed -n 's/.* at http:\/\/[^ ]*:\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
        fi
        if [[ -n "$server_port" ]] \
            && curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$server_port/item/1"; then
            now=$(date +%s%N)
            server_startup_ms=$(((now - start) / 1000000))
            return 0
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "bench: $name exited during start-up; its log:" >&2
            cat "$log" >&2
            return 1
        fi
        sleep 0.005
    done
    echo "bench: $name did not answer within 30 s; its log:" >&2
    cat "$log" >&2
    return 1
}

# cpu_ticks PID: the CPU time the process has used so far (user + system, all threads), in clock ticks.
cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0 # a server that died: its errors fail the run
}

# run_wrk LABEL PORT SCRIPT SECONDS TAG: one bounded wrk run against 127.0.0.1:PORT. Its output
# is in $work/LABEL.out; sets r_rps, r_p50, r_p99, r_errors, r_requests, r_acked, r_first_error.
run_wrk() {
    local label="$1" port="$2" script="$3" seconds="$4" tag="$5" out="$work/$1.out"
    mkdir -p "$work/acks"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$here/wrk/$script.lua" \
        "http://127.0.0.1:$port" -- items="$ITEMS" tag="$tag" acks="$work/acks" name="$label" \
        seed="$tag" >"$out" 2>&1 || true
    local line
    line=$(grep '^RESULT ' "$out" || true)
    if [[ -z "$line" ]]; then
        echo "bench: wrk gave no result for $label:" >&2
        cat "$out" >&2
        r_rps=0 r_p50=0 r_p99=0 r_errors=1 r_requests=0 r_acked=0 r_first_error="wrk failed"
        return 0
    fi
    r_rps=$(field "$line" rps)
    r_p50=$(field "$line" p50_ms)
    r_p99=$(field "$line" p99_ms)
    r_errors=$(field "$line" errors)
    r_requests=$(field "$line" requests)
    r_acked=$(field "$line" acked)
    r_first_error=$(sed -n 's/^FIRST_ERROR //p' "$out")
}

field() {
    sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"
}

# check_acks DB: every write acknowledged (201/200 with the row) is in DB, which no server may
# have open. Prints a summary; returns non-zero when any is missing or the ack logs are short.
# $acked_expected: the acknowledged writes the wrk runs counted.
check_acks() {
    local db="$1" all="$work/acks.csv"
    cat "$work"/acks/*.csv >"$all" 2>/dev/null || : >"$all"
    local logged
    logged=$(wc -l <"$all")
    local report
    report=$(sqlite3 "$work/check.db" <<SQL
DROP TABLE IF EXISTS ack;
CREATE TABLE ack (kind TEXT, id INTEGER, value TEXT);
.mode csv
.import $all ack
.mode list
.separator " "
ATTACH '$db' AS served;
SELECT (SELECT count(*) FROM ack WHERE kind = 'insert'),
       (SELECT count(*) FROM ack a WHERE kind = 'insert'
          AND NOT EXISTS (SELECT 1 FROM served.item i WHERE i.id = a.id AND i.name = a.value)),
       (SELECT count(*) FROM ack WHERE kind = 'update'),
       (SELECT count(*) FROM (SELECT id, max(CAST(value AS REAL)) AS price FROM ack WHERE kind = 'update' GROUP BY id) a
          WHERE NOT EXISTS (SELECT 1 FROM served.item i WHERE i.id = a.id AND i.price >= a.price));
SQL
)
    read -r inserts inserts_missing updates updates_missing <<<"$report"
    echo "acknowledged writes: $inserts inserts ($inserts_missing missing), $updates updates ($updates_missing missing or older)"
    if [[ "$logged" -ne "${acked_expected:-$logged}" ]]; then
        echo "bench: the ack logs hold $logged writes but wrk counted $acked_expected" >&2
        return 1
    fi
    [[ "$inserts_missing" -eq 0 && "$updates_missing" -eq 0 ]]
}
