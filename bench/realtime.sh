#!/usr/bin/env bash
# Live queries under load (issue 13), on a copy of the sample SQLite database:
# - 2,000 streams on one instance started with -Xmx256m while GETs keep being served;
# - 500 streams, 500 writes/s, each write reaching 10% of them: send-to-event p50/p99;
# - write throughput with --realtime on and off (4 writing threads, 10 s each).
# Usage: bench/realtime.sh     (about 2 minutes; writes nothing outside a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tiddly.jar ] || mvn -B -q package -DskipTests
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT

start() { # start NAME ARGS...: a fresh copy of the sample, a server on a free port
  cp tiddly.db.sample "$work/$1.db"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java -Xmx256m -jar target/tiddly.jar --db "$work/$1.db" --port "$port" "${@:2}" > "$work/$1.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "127.0.0.1:$port/_info" > /dev/null && return; sleep 0.2; done
  echo "the server did not start:"; cat "$work/$1.log"; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }
heap() { jcmd "$server" GC.heap_info | grep -o 'used [0-9]*K' | head -1; }

echo "## 2,000 streams, -Xmx256m"
start subscribers
java -Xss256k bench/java/RealtimeBench.java "$port" subscribers 2000
echo "server heap in use: $(heap); threads: $(ls /proc/$server/task | wc -l)"
stop

echo "## latency: 500 streams, 500 writes/s"
start latency
java bench/java/RealtimeBench.java "$port" latency
stop

echo "## write throughput"
for mode in on off; do
  start "throughput-$mode" --realtime "$mode"
  echo -n "realtime $mode: "; java bench/java/RealtimeBench.java "$port" throughput
  stop
done
