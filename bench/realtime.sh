#!/usr/bin/env bash
# Live queries under load (issue 13), on a copy of the sample SQLite database:
# - 2,000 streams on one instance started with -Xmx256m while GETs keep being served;
# - 500 streams, 500 writes/s, each write reaching 10% of them: send-to-event p50/p99;
# - write throughput with --realtime on and off (4 writing threads, 10 s each).
# Beside each part: the CPU seconds the server and the load client used, and the load average.
# Usage: bench/realtime.sh [all|subscribers|latency|throughput]   (all: about 2 minutes; writes
#        nothing outside a temp folder)
# Settings: JAR=path (default target/tiddly.jar) compares another build;
#           PROFILE_OUT=FILE.jfr records the server with JFR during the latency part's timed writes
#           (the load client starts and stops it; SAMPLE_PERIOD=10ms) (analyse it
#           with bench/profile.sh --analyse FILE.jfr); PERF_OUT=FILE.data records it with `perf
#           record -g` instead (JIT symbols in /tmp/perf-PID.map; read it with `perf report -i`);
#           JAVA_OPTS adds options to the server's JVM; WARMUP=20 seconds of untimed paced writes
#           before the latency part's timed ones (0: time a cold server, as sessions 5 and 6 did).
set -euo pipefail
cd "$(dirname "$0")/.."
part="${1:-all}"
jar="${JAR:-target/tiddly.jar}"
[ -f "$jar" ] || mvn -B -q package -DskipTests
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT

start() { # start NAME ARGS...: a fresh copy of the sample, a server on a free port
  cp tiddly.db.sample "$work/$1.db"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # 2,000 streams come from one address: lift the per-client bound (the variable, which older builds ignore)
  TIDDLY_REALTIME_STREAMS_PER_CLIENT=0 java -Xmx256m ${JAVA_OPTS:-} -jar "$jar" --db "$work/$1.db" --port "$port" "${@:2}" > "$work/$1.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "127.0.0.1:$port/_info" > /dev/null && return; sleep 0.2; done
  echo "the server did not start:"; cat "$work/$1.log"; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }
threads() { # the server's threads that used the most CPU so far, by name (numbers folded)
  for task in /proc/"$server"/task/*; do
    awk '{ name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) [A-Z] .*/, "", name); gsub(/[0-9]+/, "N", name)
           n = split($0, f, ") "); split(f[n], v, " "); print name "\t" v[12] + v[13] }' "$task/stat" 2>/dev/null
  done | awk -F'\t' '{ cpu[$1] += $2 } END { for (t in cpu) if (cpu[t] >= 10) printf "%.1f %s\n", cpu[t] / 100, t }' \
    | sort -nr | head -6 | tr '\n' ';' | sed 's/;$//; s/;/; /g'
}
heap() { jcmd "$server" GC.heap_info | grep -o 'used [0-9]*K' | head -1; }
cpu() { awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/$1/stat"; } # user + system seconds so far
client() { # client ARGS...: runs the load client, then tells the CPU both sides used meanwhile
  local before; before=$(cpu "$server")
  /usr/bin/time -f "%U %S" -o "$work/client.time" java "$@"
  echo "  cpu: server $(awk -v a="$before" -v b="$(cpu "$server")" 'BEGIN { printf "%.1f", b - a }') s," \
    "load client $(awk '{ printf "%.1f", $1 + $2 }' "$work/client.time") s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

if [[ "$part" == all || "$part" == subscribers ]]; then
  echo "## 2,000 streams, -Xmx256m"
  start subscribers
  client -Xss256k bench/java/RealtimeBench.java "$port" subscribers 2000
  echo "server heap in use: $(heap); threads: $(ls /proc/$server/task | wc -l)"
  stop
fi

if [[ "$part" == all || "$part" == latency ]]; then
  echo "## latency: 500 streams, 500 writes/s"
  start latency
  if [[ -n "${PERF_OUT:-}" ]]; then
    perf record -q -F "${PERF_HZ:-499}" -g -p "$server" -o "$PERF_OUT" 2>/dev/null &
    perf=$!
  fi
  client bench/java/RealtimeBench.java "$port" latency "${WARMUP:-20}" "$server"
  echo "  server threads, CPU s since start: $(threads)"
  if [[ -n "${PERF_OUT:-}" ]]; then
    kill -INT "$perf"; wait "$perf" || true
    jcmd "$server" Compiler.perfmap >/dev/null 2>&1 || true
    echo "  perf recording: $PERF_OUT"
  fi
  stop
fi

if [[ "$part" == all || "$part" == throughput ]]; then
  echo "## write throughput, on and off twice (the machine's load changes from one run to the next)"
  for mode in on off on off; do
    start "throughput-$mode" --realtime "$mode"
    echo "realtime $mode: "; client bench/java/RealtimeBench.java "$port" throughput
    stop
  done
fi
