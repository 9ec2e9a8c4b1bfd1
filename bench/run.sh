#!/usr/bin/env bash
# Tiddly's benchmark suite: workloads A-F and W with wrk against the jar, workloads A and B against
# the measuring stick in the same run, start-up time, and a check that every acknowledged write is
# in the database afterwards. Prints one line per workload, each mix's ratio to the harmonic mean
# of its parts measured in the same run, and writes bench/results/<date>.md.
# Exits 1 when any workload had an error or an acknowledged write is missing.
#
# Usage: bench/run.sh
# Settings (environment):
#   DURATION=10   seconds of each measured run      WARMUP=15     seconds of warm-up before each
#   THREADS=2     wrk threads                       CONNECTIONS=16 wrk connections
#   ITEMS=100000  rows of item                      WORKLOADS="a-fetch a-get b e w c d f b-indexed e-indexed"
#   JAVA_OPTS=    JVM flags for Tiddly and the stick alike
#   STARTUP_RUNS=3  extra cold starts to time       STRICT=1      also exit 1 when a target is missed
#   TIDDLY_JAR=<repo>/target/tiddly.jar             RESULTS_DIR=bench/results   KEEP=1 keeps the temp dir
#   STICK=1       0 skips the measuring stick (quicker rounds when only Tiddly's ratios matter)
#   ROUNDS=1      runs the workloads in turn this many times on the same server (A, B, E, W, C, D,
#                 A, B, …) and reports each workload's median and each mix's median ratio over the
#                 rounds; rounds after the first warm up for ROUND_WARMUP=3 seconds only
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-15}" # the JIT still compiles Tiddly's request path after 5 s: see bench/README.md
ITEMS="${ITEMS:-100000}"
# The mixes run before C: C's inserts (some 80,000 at 3,700/s) grow every category by 80%, and a
# mix measured after them read larger categories than its B did (bench/README.md).
WORKLOADS="${WORKLOADS:-a-fetch a-get b e w c d f b-indexed e-indexed}"
STICK="${STICK:-1}"
STARTUP_RUNS="${STARTUP_RUNS:-3}"
STRICT="${STRICT:-0}"
ROUNDS="${ROUNDS:-1}"
ROUND_WARMUP="${ROUND_WARMUP:-3}"
RESULTS_DIR="${RESULTS_DIR:-$here/results}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tiddly-bench.XXXXXX")"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

cleanup() {
    stop_all
    if [[ "${KEEP:-0}" == 1 ]]; then
        echo "bench: kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in java mvn; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 2; }
done
need_tools wrk sqlite3 curl
build_tiddly
if [[ "$STICK" == 1 ]]; then
    build_bench
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "bench: generating $ITEMS items"
"$here/gen-dataset.sh" "$work/base.db" "$ITEMS" >/dev/null
cp "$work/base.db" "$work/tiddly.db"
cp "$work/base.db" "$work/stick.db"

# Start-up: cold starts of the jar on its own copy of the dataset, launch → first served request.
startups=()
for ((run = 1; run <= STARTUP_RUNS; run++)); do
    cp "$work/base.db" "$work/startup.db"
    start_server "startup-$run" "$TIDDLY_JAR" "$work/startup.db"
    startups+=("$server_startup_ms")
    stop_pid "$server_pid"
    rm -f "$work"/startup.db*
done

stick_port="" stick_pid="" stick_startup_ms="-"
if [[ "$STICK" == 1 ]]; then
    start_server stick "$STICK_JAR" "$work/stick.db"
    stick_port=$server_port
    stick_pid=$server_pid
    stick_startup_ms=$server_startup_ms
fi
start_server tiddly "$TIDDLY_JAR" "$work/tiddly.db"
tiddly_port=$server_port
tiddly_pid=$server_pid
startups+=("$server_startup_ms")
startup_median=$(printf '%s\n' "${startups[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')

declare -A rps p50 p99 errors first_error cpu
failed=0
acked_expected=0
tag=0
ticks_per_second=$(getconf CLK_TCK)

# measure KEY@ROUND PORT SCRIPT PID WARMUP: warm-up, then the measured run; both must be free of
# errors. Also notes the server's CPU time per request in the measured run: a figure wrk's share
# of the two cores does not skew as much as req/s.
measure() {
    local key="$1" port="$2" script="$3" pid="$4" warmup="$5" ticks
    if [[ "$warmup" -gt 0 ]]; then
        tag=$((tag + 1))
        run_wrk "warmup-$key" "$port" "$script" "$warmup" "$tag"
        acked_expected=$((acked_expected + r_acked))
        if [[ "$r_errors" -ne 0 ]]; then
            echo "bench: warm-up of $key had $r_errors errors; first: $r_first_error" >&2
            failed=1
        fi
    fi
    tag=$((tag + 1))
    ticks=$(cpu_ticks "$pid")
    run_wrk "$key" "$port" "$script" "$DURATION" "$tag"
    ticks=$(($(cpu_ticks "$pid") - ticks))
    cpu[$key]=$(awk -v t="$ticks" -v hz="$ticks_per_second" -v n="$r_requests" \
        'BEGIN { if (n > 0) printf "%.0f", t * 1000000 / hz / n; else print 0 }')
    acked_expected=$((acked_expected + r_acked))
    rps[$key]=$r_rps p50[$key]=$r_p50 p99[$key]=$r_p99 errors[$key]=$r_errors first_error[$key]=$r_first_error
    if [[ "$r_errors" -ne 0 ]]; then
        failed=1
    fi
}

# median VALUE…: the middle value, or the mean of the two middle ones.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

label() {
    case "$1" in
        a-fetch) echo "A  FETCH by id" ;;
        a-get) echo "A  GET /item/k" ;;
        b) echo "B  category page" ;;
        b-indexed) echo "B' (+ index)" ;;
        c) echo "C  insert" ;;
        d) echo "D  update price" ;;
        e) echo "E  mix" ;;
        e-indexed) echo "E' (+ index)" ;;
        w) echo "W  write-heavy" ;;
        f) echo "F  1,000-row page" ;;
        *-indexed) echo "$(label "${1%-indexed}")'" ;;
    esac
}

# plain KEY@ROUND: the workload's key without its round.
plain() { echo "${1%@*}"; }

short() {
    case "$1" in
        a-fetch) echo "A (FETCH)" ;;
        a-get) echo "A (GET)" ;;
        *-indexed) echo "$(short "${1%-indexed}")'" ;;
        *) echo "${1^^}" ;;
    esac
}

# What the stick answers too; every other workload is compared with the stick's FETCH A.
stick_answers() { [[ "$STICK" == 1 && " a-fetch a-get b b-indexed " == *" $1 "* ]]; }
pair() { if stick_answers "$1"; then echo "$1"; else echo a-fetch; fi; }
# The wrk script of a workload: B' is B on a dataset that has an index fit for its order, E' is E
# there, and so on for any workload named X-indexed.
wrk_script() { echo "${1%-indexed}"; }

# Mixes and their parts, as weights (bench/wrk/e.lua and w.lua). A mix's parts are measured in the
# same run; for a mix on the indexed dataset (E'), a part's -indexed run when there is one.
mix_parts() {
    case "${1%-indexed}" in
        e) echo "a-fetch:0.30 a-get:0.30 b:0.30 c:0.05 d:0.05" ;;
        w) echo "a-fetch:0.25 a-get:0.25 d:0.50" ;;
    esac
}
declare -A mix_text mix_value mix_note
# mix_ratio KEY [@ROUND]: if KEY is a mix whose parts were all measured, sets mix_text[KEY] to
# its req/s over the weighted harmonic mean of its parts' req/s (what the mix would serve if its
# requests did not slow one another down), and its parts' weighted CPU per request over its own;
# with @ROUND, that round's figures (mix_text[KEY@ROUND]), else the medians over the rounds.
mix_ratio() {
    local base="$1" round="${2:-}" part name weight part_key inverse=0 cpu_sum=0 used=()
    local key="$base$round"
    [[ -n "$(mix_parts "$base")" ]] || return 0
    [[ -n "${rps[$key]:-}" ]] || return 0
    for part in $(mix_parts "$base"); do
        name="${part%%:*}" weight="${part##*:}"
        part_key="$name$round"
        if [[ "$base" == *-indexed && -n "${rps[$name-indexed$round]:-}" ]]; then part_key="$name-indexed$round"; fi
        if [[ -z "${rps[$part_key]:-}" ]]; then return 0; fi
        inverse=$(awk -v i="$inverse" -v w="$weight" -v r="${rps[$part_key]}" 'BEGIN { printf "%.12f", i + w / r }')
        cpu_sum=$(awk -v c="$cpu_sum" -v w="$weight" -v u="${cpu[$part_key]}" 'BEGIN { printf "%.3f", c + w * u }')
        used+=("$(short "${part_key%@*}") $weight")
    done
    local predicted
    predicted=$(awk -v i="$inverse" 'BEGIN { printf "%.0f", 1 / i }')
    mix_value[$key]=$(ratio "${rps[$key]}" "$predicted")
    mix_text[$key]="${mix_note[$base]:-}$(printf '%.0f' "${rps[$key]}") req/s = $(ratio "${rps[$key]}" "$predicted")× the harmonic mean of its parts ($predicted req/s from $(IFS=,; echo "${used[*]}" | sed 's/,/, /g')); CPU/req: parts $(printf '%.0f' "$cpu_sum") µs, mix ${cpu[$key]} µs = $(ratio "$cpu_sum" "${cpu[$key]}")×"
}

line() {
    local key="$1" server="$2" ratio_text="$3" name
    name="$(label "$(plain "${key#stick-}")")"
    if [[ "$ROUNDS" -gt 1 && "$key" == *@* ]]; then name="$name #${key##*@}"; fi
    printf '%-21s %-7s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  cpu %5s µs/req  errors %-5s %s\n' \
        "$name" "$server" "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "${cpu[$key]}" \
        "${errors[$key]}" "$ratio_text"
}

# B': the issue's dataset indexes category alone, so B sorts a whole category (1,000 rows) per
# request in SQLite. An index on (category, price) serves its order. Both servers restart on
# fresh copies of the dataset with that index: Tiddly's own copy holds C's, D's and E's writes
# by now, and they stay where they are for the check of acknowledged writes.
# The writes acknowledged so far are checked in Tiddly's first copy before the switch; the ones
# after it (E' writes too) in the indexed copy at the end.
served_db="$work/tiddly.db"
acks_ok=1
acks_reports=()
check_served() {
    local report
    report=$(check_acks "$served_db") || acks_ok=0
    acks_reports+=("$report")
    echo "$report"
}
restart_with_price_index() {
    local server
    if [[ -n "$stick_pid" ]]; then stop_pid "$stick_pid"; fi
    stop_pid "$tiddly_pid"
    check_served
    mv "$work/acks" "$work/acks-before-index"
    acked_expected=0
    for server in stick tiddly; do
        cp "$work/base.db" "$work/$server-indexed.db"
        sqlite3 "$work/$server-indexed.db" "CREATE INDEX item_category_price ON item (category, price)"
    done
    if [[ "$STICK" == 1 ]]; then
        start_server stick-indexed "$STICK_JAR" "$work/stick-indexed.db"
        stick_port=$server_port stick_pid=$server_pid
    fi
    start_server tiddly-indexed "$TIDDLY_JAR" "$work/tiddly-indexed.db"
    tiddly_port=$server_port tiddly_pid=$server_pid
    served_db="$work/tiddly-indexed.db"
}

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, ${WARMUP}s warm-up each, $ITEMS items, $ROUNDS round(s)"
# run_round ROUND KEY…: each workload in turn on the running servers, noted as KEY@ROUND.
run_round() {
    local round="$1" key stick_key warmup="$WARMUP" inserted=0
    shift
    if [[ "$round" -gt 1 ]]; then warmup="$ROUND_WARMUP"; fi # the JIT and the caches warmed up in round 1
    for key in "$@"; do
        if stick_answers "$key"; then
            measure "stick-$key@$round" "$stick_port" "$(wrk_script "$key")" "$stick_pid" "$warmup"
            line "stick-$key@$round" stick "(the stick)"
            if [[ "${errors[stick-$key@$round]}" -ne 0 ]]; then
                echo "    first error: ${first_error[stick-$key@$round]}"
            fi
        fi
        measure "$key@$round" "$tiddly_port" "$(wrk_script "$key")" "$tiddly_pid" "$warmup"
        if [[ "$key" == c ]]; then inserted=1; fi
        if [[ "$inserted" == 1 && "$key" == e ]]; then
            mix_note[$key]="(measured after C's inserts, on larger categories than B's: not comparable) "
        fi
        stick_key="stick-$(pair "$key")@$round"
        if [[ -n "${rps[$stick_key]:-}" ]]; then
            line "$key@$round" tiddly "ratio $(ratio "${rps[$key@$round]}" "${rps[$stick_key]}") (vs stick $(plain "${stick_key#stick-}")), cpu ratio $(ratio "${cpu[$key@$round]}" "${cpu[$stick_key]}")"
        else
            line "$key@$round" tiddly ""
        fi
        if [[ "${errors[$key@$round]}" -ne 0 ]]; then
            echo "    first error: ${first_error[$key@$round]}"
        fi
    done
}
plain_keys=() indexed_keys=()
for key in $WORKLOADS; do
    if [[ "$key" == *-indexed ]]; then indexed_keys+=("$key"); else plain_keys+=("$key"); fi
done
# Rounds alternate the workloads on one server (A, B, E, …, A, B, E, …): a mix and its parts are
# measured minutes apart at most, and a burst of load elsewhere spoils one round, not the median.
for ((round = 1; round <= ROUNDS; round++)); do
    run_round "$round" "${plain_keys[@]}"
done
if [[ ${#indexed_keys[@]} -gt 0 ]]; then
    restart_with_price_index
    for ((round = 1; round <= ROUNDS; round++)); do
        run_round "$round" "${indexed_keys[@]}"
    done
fi

# Each workload's figures are the medians over the rounds (errors: their sum).
for key in $WORKLOADS; do
    for row in "stick-$key" "$key"; do
        [[ -n "${rps[$row@1]:-}" ]] || continue
        values_rps=() values_cpu=() values_p50=() values_p99=() errors[$row]=0 first_error[$row]=""
        for ((round = 1; round <= ROUNDS; round++)); do
            values_rps+=("${rps[$row@$round]}") values_cpu+=("${cpu[$row@$round]}")
            values_p50+=("${p50[$row@$round]}") values_p99+=("${p99[$row@$round]}")
            errors[$row]=$((${errors[$row]} + ${errors[$row@$round]}))
            if [[ -z "${first_error[$row]}" ]]; then first_error[$row]="${first_error[$row@$round]}"; fi
        done
        rps[$row]=$(median "${values_rps[@]}") cpu[$row]=$(printf "%.0f" "$(median "${values_cpu[@]}")")
        p50[$row]=$(median "${values_p50[@]}") p99[$row]=$(median "${values_p99[@]}")
    done
done

declare -A mix_rounds
for key in $WORKLOADS; do
    mix_ratio "$key"
    if [[ "$ROUNDS" -gt 1 && -n "${mix_text[$key]:-}" ]]; then
        values=()
        for ((round = 1; round <= ROUNDS; round++)); do
            mix_ratio "$key" "@$round"
            values+=("${mix_value[$key@$round]}")
        done
        mix_rounds[$key]="${values[*]}"
        # the target is judged on the median of the rounds' ratios: each compares neighbours in time
        mix_value[$key]=$(median "${values[@]}")
        mix_text[$key]="${mix_text[$key]}; ratio by round: ${values[*]}, **median ${mix_value[$key]}×**"
    fi
done
for key in $WORKLOADS; do
    if [[ -n "${mix_text[$key]:-}" ]]; then
        printf '%-18s %s\n' "$(label "$key")" "${mix_text[$key]}"
    fi
done

stop_pid "$tiddly_pid"
check_served
acks_report=$(IFS=';'; echo "${acks_reports[*]}" | sed 's/;/; indexed copy: /')
if [[ "$acks_ok" -ne 1 ]]; then
    failed=1
fi
echo "start-up to first served request: median ${startup_median} ms (runs: ${startups[*]} ms); stick ${stick_startup_ms} ms"

# Targets (measured with -t2 -c16, 10 s after warm-up, on 2 cores).
targets=()
target() { # NAME MET(1/0) DETAIL
    local verdict="MISSED"
    if [[ "$2" == 1 ]]; then verdict="met"; fi
    targets+=("| $1 | $3 | $verdict |")
    printf 'target %-44s %-7s %s\n' "$1" "$verdict" "$3"
}
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }' && echo 1 || echo 0; }
has() { [[ -n "${rps[$1]:-}" ]]; }
if has a-fetch && has stick-a-fetch; then
    target "A (FETCH) ≥ 0.8× stick A" "$(ge "$(ratio "${rps[a-fetch]}" "${rps[stick-a-fetch]}")" 0.8)" \
        "$(ratio "${rps[a-fetch]}" "${rps[stick-a-fetch]}")×"
fi
if has a-get && has stick-a-get; then
    target "A (GET) ≥ 0.8× stick A" "$(ge "$(ratio "${rps[a-get]}" "${rps[stick-a-get]}")" 0.8)" \
        "$(ratio "${rps[a-get]}" "${rps[stick-a-get]}")×"
fi
if has b && has stick-a-fetch; then
    target "B ≥ 0.6× stick A" "$(ge "$(ratio "${rps[b]}" "${rps[stick-a-fetch]}")" 0.6)" \
        "$(ratio "${rps[b]}" "${rps[stick-a-fetch]}")×"
fi
for key in c d; do
    if has "$key"; then
        met=$(ge "${rps[$key]}" 5000)
        if [[ "${errors[$key]}" -ne 0 || "$acks_ok" -ne 1 ]]; then met=0; fi
        target "${key^^} ≥ 5,000/s, no errors, writes present" "$met" \
            "$(printf '%.0f' "${rps[$key]}")/s, ${errors[$key]} errors"
    fi
done
for key in a-fetch a-get b; do
    stick_key="stick-a-fetch"
    if [[ "$key" == a-get ]]; then stick_key="stick-a-get"; fi
    if has "$key" && has "$stick_key"; then
        limit=$(awk -v p="${p99[$stick_key]}" 'BEGIN { printf "%.2f", p * 1.5 }')
        target "p99 of $(short "$key") ≤ 1.5× stick A p99" "$(ge "$limit" "${p99[$key]}")" \
            "${p99[$key]} ms vs stick ${p99[$stick_key]} ms (limit $limit)"
    fi
done
target "start-up ≤ 1 s" "$(ge 1000 "$startup_median")" "median $startup_median ms"
for key in e e-indexed w; do
    if [[ -n "${mix_value[$key]:-}" ]]; then
        target "$(short "$key") ≥ 0.9× the harmonic mean of its parts" "$(ge "${mix_value[$key]}" 0.9)" "${mix_value[$key]}×"
    fi
done

# The Markdown report.
mkdir -p "$RESULTS_DIR"
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
report="$RESULTS_DIR/$stamp.md"
if [[ "$TIDDLY_JAR" == "$repo/target/tiddly.jar" ]]; then
    commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "unknown")
    dirty=$(git -C "$repo" status --porcelain -- src/main pom.xml 2>/dev/null | grep -q . && echo " + uncommitted changes" || true)
    built_from="built from commit $commit$dirty"
else
    built_from="given as TIDDLY_JAR"
fi
{
    echo "# Tiddly benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| result | $([[ $failed -eq 0 ]] && echo "passed: no errors, every acknowledged write present" || echo "**FAILED**: errors or missing writes") |"
    echo "| machine | $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(uname -sr) |"
    echo "| load | load average before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes compete for the cores) |"
    echo "| JVM | $(java -version 2>&1 | sed -n 2p) |"
    echo "| JAVA_OPTS | \`${JAVA_OPTS:-(none)}\` |"
    echo "| wrk | $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), \`-t$THREADS -c$CONNECTIONS -d${DURATION}s --latency\`, ${WARMUP} s warm-up before each run, loopback, $ROUNDS round(s) ($ROUND_WARMUP s warm-up in rounds after the first) |"
    echo "| dataset | $ITEMS items (100 categories), $(sqlite3 "$work/base.db" 'SELECT count(*) FROM author') authors, $(sqlite3 "$work/base.db" 'SELECT count(*) FROM book') books; SQLite $(sqlite3 --version | cut -d' ' -f1) CLI |"
    echo "| Tiddly | \`${TIDDLY_JAR#"$repo/"}\`, $built_from |"
    echo "| start-up | median $startup_median ms to the first served request (runs: ${startups[*]} ms); stick $stick_startup_ms ms |"
    echo "| writes | $acks_report |"
    echo
    echo "| workload | server | req/s | p50 ms | p99 ms | CPU µs/req | errors | ratio to stick (req/s) | ratio to stick (CPU/req) |"
    echo "|---|---|---:|---:|---:|---:|---:|---|---|"
    for key in $WORKLOADS; do
        for row in "stick-$key" "$key"; do
            if has "$row"; then
                server=tiddly ratio_text="" cpu_text=""
                stick_key="stick-$(pair "$key")"
                if [[ "$row" == stick-* ]]; then
                    server=stick
                elif has "$stick_key"; then
                    ratio_text="$(ratio "${rps[$row]}" "${rps[$stick_key]}") (vs the stick's $(short "${stick_key#stick-}"))"
                    cpu_text="$(ratio "${cpu[$row]}" "${cpu[$stick_key]}")"
                fi
                printf '| %s | %s | %.0f | %.2f | %.2f | %s | %s | %s | %s |\n' "$(label "$key")" "$server" \
                    "${rps[$row]}" "${p50[$row]}" "${p99[$row]}" "${cpu[$row]}" "${errors[$row]}" "$ratio_text" "$cpu_text"
            fi
        done
    done
    if [[ "$ROUNDS" -gt 1 ]]; then
        echo
        echo "Each round (req/s, CPU µs/req); the table above holds the medians:"
        echo
        printf '| workload | server |'; for ((round = 1; round <= ROUNDS; round++)); do printf ' round %s |' "$round"; done; echo
        printf '|---|---|'; for ((round = 1; round <= ROUNDS; round++)); do printf -- '---:|'; done; echo
        for key in $WORKLOADS; do
            for row in "stick-$key" "$key"; do
                has "$row" || continue
                printf '| %s | %s |' "$(label "$key")" "$([[ "$row" == stick-* ]] && echo stick || echo tiddly)"
                for ((round = 1; round <= ROUNDS; round++)); do
                    printf ' %.0f (%s) |' "${rps[$row@$round]}" "${cpu[$row@$round]}"
                done
                echo
            done
        done
    fi
    echo
    echo "| mix | against its parts, same run |"
    echo "|---|---|"
    for key in $WORKLOADS; do
        if [[ -n "${mix_text[$key]:-}" ]]; then
            echo "| $(label "$key") | ${mix_text[$key]} |"
        fi
    done
    echo
    echo "| target | measured | verdict |"
    echo "|---|---|---|"
    printf '%s\n' "${targets[@]}"
    for key in $WORKLOADS; do
        for row in "stick-$key" "$key"; do
            if [[ -n "${first_error[$row]:-}" ]]; then
                echo
                echo "First error in $(label "$key") ($([[ "$row" == stick-* ]] && echo stick || echo tiddly)): \`${first_error[$row]//|/\\|}\`"
            fi
        done
    done
} >"$report"
echo "bench: wrote ${report#"$repo/"}"

if [[ "$failed" -ne 0 ]]; then
    echo "bench: FAILED: errors or missing writes (see above)"
    exit 1
fi
if [[ "$STRICT" == 1 ]] && printf '%s\n' "${targets[@]}" | grep -q MISSED; then
    echo "bench: a target was missed (STRICT=1)"
    exit 1
fi
echo "bench: passed"
