#!/usr/bin/env bash
# Keyset paging and streaming over 1,000,000 rows (issue: query power).
# - page 10,000 reached by cursor must take at most 2x the time of page 1;
# - one FETCH of all 1,000,000 rows must stream from a server started with -Xmx64m.
# Usage: bench/paging-and-streaming.sh     (needs sqlite3; writes nothing outside a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tiddly.jar ] || mvn -B -q package -DskipTests
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
sqlite3 "$work/items.db" <<'SQL'
CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, category TEXT, created_at TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO item SELECT i, 'item ' || i, (i * 7919 % 100000) / 100.0, printf('c%02d', i % 100),
                        datetime(1700000000 + i, 'unixepoch') FROM n;
CREATE INDEX item_category ON item (category);
CREATE INDEX item_price ON item (price);
SQL
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx64m -jar target/tiddly.jar --db "$work/items.db" --port "$port" --max-limit 1000000 > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "127.0.0.1:$port/_info" > /dev/null && break; sleep 0.2; done
java bench/java/PagingBench.java "$port"
kill -0 "$server" && echo "server (-Xmx64m) still up after streaming; heap in use: $(jcmd "$server" GC.heap_info | grep -o 'used [0-9]*K' | head -1)"
