# shell=bash
# Debian's PostgreSQL 15 and MariaDB 10.11 (+ Galera 4) as small throw-away servers on loopback,
# each with its own data directory under $work; sourced by the scripts beside it, not run. Sets
# $here (this folder) and $repo (the checkout).
# Servers run as the packages' users (postgres, mysql), never on the default ports, and are
# stopped by stop_servers (the scripts' EXIT trap).

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
GALERA_LIB="${GALERA_LIB:-/usr/lib/galera/libgalera_smm.so}"
server_pids=()

need_packages() {
    local missing=()
    [[ -x "$PG_BIN/postgres" ]] || missing+=(postgresql-15)
    command -v mariadbd >/dev/null || [[ -x /usr/sbin/mariadbd ]] || missing+=(mariadb-server)
    [[ -f "$GALERA_LIB" ]] || missing+=(galera-4)
    [[ ${#missing[@]} -eq 0 ]] && return 0
    echo "clusters: missing ${missing[*]}; install with:" >&2
    echo "  apt-get install -y ${missing[*]} && systemctl disable --now postgresql mariadb" >&2
    return 2
}

as_user() { # USER COMMAND…: as root, run as USER; otherwise as ourselves
    local user="$1"; shift
    if [[ "$(id -u)" -eq 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

own_dir() { # USER DIR: DIR and its log file DIR.log, owned by USER
    mkdir -p "$2"
    touch "$2.log"
    if [[ "$(id -u)" -eq 0 ]]; then chown "$1" "$2" "$2.log"; fi
    chmod 700 "$2"
}

# pg_new DIR PORT [SETTING…]: a fresh cluster trusting loopback (replication included).
pg_new() {
    local dir="$1" port="$2"; shift 2
    own_dir postgres "$dir"
    as_user postgres "$PG_BIN/initdb" -D "$dir" -U postgres -A trust --no-sync >/dev/null
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$dir'"
        echo "shared_buffers = 16MB"
        echo "max_connections = 300"
        echo "max_wal_senders = 4"
        echo "wal_level = replica"
        echo "logging_collector = off"
        local setting
        for setting in "$@"; do echo "$setting"; done
    } >>"$dir/postgresql.conf"
    echo "host replication all 127.0.0.1/32 trust" >>"$dir/pg_hba.conf"
}

pg_start() { # DIR
    as_user postgres "$PG_BIN/pg_ctl" -D "$1" -l "$1.log" -w -t 60 start >/dev/null
}

pg_stop() { # DIR [MODE]
    [[ -f "$1/postmaster.pid" ]] || return 0
    as_user postgres "$PG_BIN/pg_ctl" -D "$1" -m "${2:-fast}" -w -t 60 stop >/dev/null 2>&1 || true
}

psql_at() { # PORT SQL
    as_user postgres psql -X -q -At -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2"
}

# pg_item_pair PRIMARY_PORT REPLICA_PORT [REPLICA_SETTING…]: $primary and $replica under $work, both
# started: a primary (fsync off) with the sample tables and table item (100,000 rows), and a
# streaming replica of it, asynchronous unless the primary names it in synchronous_standby_names.
pg_item_pair() {
    local primary_port="$1" replica_port="$2"; shift 2
    primary="$work/primary" replica="$work/replica"
    pg_new "$primary" "$primary_port" "fsync = off"
    pg_dirs+=("$primary" "$replica")
    pg_start "$primary"
    as_user postgres psql -X -q -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -f "$repo/scripts/sample.postgres.sql" >/dev/null
    psql_at "$primary_port" "CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL, price double precision,
    category text, created_at text);
  INSERT INTO item SELECT id, 'item-' || id, ((id * 7919) % 100000) / 100.0 + 1, 'c' || lpad((id % 100)::text, 2, '0'),
    to_char(timestamp '2024-01-01' + id * interval '1 minute', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
  FROM generate_series(1, 100000) AS id;
  CREATE INDEX item_category ON item (category); ANALYZE item;"
    own_dir postgres "$replica"
    as_user postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$replica" -R \
        --checkpoint=fast 2> >(grep -v 'skipping special file' >&2)
    {
        echo "port = $replica_port"
        echo "unix_socket_directories = '$replica'"
        local setting
        for setting in "$@"; do echo "$setting"; done
    } >>"$replica/postgresql.auto.conf"
    pg_start "$replica"
}

# maria_new DIR: a fresh data directory whose root logs in from loopback without a password.
maria_new() {
    own_dir mysql "$1"
    as_user mysql mariadb-install-db --no-defaults --datadir="$1" --auth-root-authentication-method=normal \
        --skip-test-db >>"$1.log" 2>&1
}

# maria_start DIR PORT [OPTION…]: writes DIR.cnf (the options, as --name=value) and starts mariadbd
# with it in the background (its pid in $maria_pid); waits until it answers on PORT.
maria_start() {
    local dir="$1" port="$2"; shift 2
    {
        echo "[mysqld]"
        [[ "$(id -u)" -eq 0 ]] && echo "user=mysql"
        echo "datadir=$dir"
        echo "port=$port"
        echo "bind-address=127.0.0.1"
        echo "socket=$dir/mysqld.sock"
        echo "pid-file=$dir/mysqld.pid"
        echo "log-error=$dir.log"
        echo "innodb-buffer-pool-size=32M"
        echo "innodb-log-file-size=16M"
        echo "max-connections=500"
        echo "character-set-server=utf8mb4"   # as Debian's /etc/mysql/mariadb.conf.d/50-server.cnf
        echo "collation-server=utf8mb4_general_ci"
        echo "skip-ssl"
        local option
        for option in "$@"; do echo "${option#--}"; done
    } >"$dir.cnf"
    /usr/sbin/mariadbd --defaults-file="$dir.cnf" &
    maria_pid=$!
    server_pids+=("$maria_pid")
    local i
    for ((i = 0; i < 480; i++)); do
        mariadb --no-defaults -h 127.0.0.1 -P "$port" -u root -e 'SELECT 1' >/dev/null 2>&1 && return 0
        kill -0 "$maria_pid" 2>/dev/null || break
        sleep 0.25
    done
    echo "clusters: MariaDB on port $port did not start; see $dir.log" >&2
    tail -20 "$dir.log" >&2
    return 1
}

maria_at() { # PORT SQL
    mariadb --no-defaults -h 127.0.0.1 -P "$1" -u root -N -B -e "$2"
}

stop_servers() {
    local dir pid
    for dir in "${pg_dirs[@]}"; do pg_stop "$dir" fast; done
    for pid in "${server_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${server_pids[@]}"; do
        timeout 60 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    done
    server_pids=()
}
pg_dirs=()

TIDDLY_JAR="${TIDDLY_JAR:-$repo/target/tiddly.jar}"
CURSOR_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"

build_tiddly() {
    [[ -f "$TIDDLY_JAR" ]] || (cd "$repo" && nice -n 10 mvn -B -q package -Dmaven.test.skip=true)
}

# tiddly_start PORT DB-URL [OPTION…]: a Tiddly jar on PORT (log in $work/tiddly-PORT.log); waits for /_ready.
tiddly_start() {
    local port="$1" db="$2"; shift 2
    java -Xmx256m -jar "$TIDDLY_JAR" --port "$port" --db "$db" --cursor-secret "$CURSOR_SECRET" "$@" \
        >"$work/tiddly-$port.log" 2>&1 &
    server_pids+=($!)
    local i
    for ((i = 0; i < 240; i++)); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/_ready")" == 200 ]] && return 0
        sleep 0.25
    done
    echo "clusters: Tiddly on port $port is not ready; see $work/tiddly-$port.log" >&2
    tail -20 "$work/tiddly-$port.log" >&2
    return 1
}

# await_replica_reads PORT…: waits (10 s at most each) until each Tiddly's poller has seen its replica.
await_replica_reads() {
    local port i
    for port in "$@"; do
        for ((i = 0; i < 100; i++)); do
            curl -s "http://127.0.0.1:$port/_ready" | grep -q '"reads":true' && break
            sleep 0.1
        done
    done
}

now_ms() { date +%s%3N; }

# cluster_begin NAME: the work directory $work (/tmp/tiddly-NAME.*), the EXIT trap (finish), the
# packages checked and the jar built.
cluster_begin() {
    work="$(mktemp -d "/tmp/tiddly-$1.XXXXXX")"
    chmod 755 "$work"
    trap 'finish $?' EXIT
    need_packages
    build_tiddly
}

# finish STATUS: the scripts' EXIT trap; stops everything, keeps $work (logs) when something failed.
finish() {
    if [[ -n "${load_pid:-}" ]]; then kill "$load_pid" 2>/dev/null || true; fi
    stop_servers
    if [[ "$1" == 0 ]]; then rm -rf "$work"; else echo "clusters: logs kept in $work" >&2; fi
}

# load_started: waits until FailoverLoad has started its threads; sets $load_start (epoch ms).
load_started() {
    local i
    for ((i = 0; i < 600; i++)); do
        load_start="$(grep -m1 '^load_start=' "$work/load.out" 2>/dev/null | cut -d= -f2 || true)"
        [[ -n "$load_start" ]] && return 0
        sleep 0.1
    done
    echo "clusters: the load did not start" >&2
    cat "$work/load.out" >&2
    return 1
}

# run_load SECONDS INSTANCES CHECKS USER: FailoverLoad in the background, its output in $work/load.out.
run_load() {
    java -Xmx256m -cp "$TIDDLY_JAR" "$here/FailoverLoad.java" "$@" >"$work/load.out" 2>&1 &
    load_pid=$!
}

# judge FAULT_MS RECOVERY_MS: prints the figures from $work/load.out; fails when a promise broke.
judge() {
    local out="$work/load.out" fault="$1" repaired="$2"
    value() { grep "^$1=" "$out" | cut -d= -f2 | sort -n | tail -1; }
    grep -E '^(outcome|check|server_error|refused|read_your_writes_missed=[0-9]+ )' "$out" | sed 's/^/  /' | head -40
    local first last
    first="$(value first_failure)"; last="$(value last_failure)"
    echo "writes acknowledged: $(value acknowledged) (replayed after a retry with the same Idempotency-Key: $(value replayed), given up after 30 s: $(value gave_up)); reads: $(value reads)"
    echo "acknowledged writes missing: $(value acknowledged_missing) (on every node checked); stored twice: $(value stored_twice)"
    echo "500s: $(value status_500s); 503s: $(value status_503s), $(value status_503s_with_retry_after) with Retry-After; no answer within 15 s: $(value no_answer_in_15s)"
    echo "read-your-writes: $(value read_your_writes_checked) writes read back at once through the other instance, $(value read_your_writes_missed) missed, $(value read_your_writes_unchecked) unchecked (both instances 503)"
    if [[ -n "$(value stream_missing)" ]]; then
        echo "live stream on the first instance: $(value stream_inserts) inserts received over $(value stream_connects) connections ($(grep '^stream_connect=' "$out" | cut -d= -f2 | awk -v t="$repaired" '$1 > t' | wc -l) resumed with Last-Event-ID after the repair), $(value stream_missing) acknowledged writes missing, $(value stream_duplicated) received twice, $(value stream_resets) resets, $(value stream_not_acknowledged) for writes not acknowledged"
    fi
    if [[ "$first" -gt 0 ]]; then
        echo "failures from $(((first - fault)))ms to $(((last - fault)))ms after the fault; last failed write $(((last - repaired)))ms after the repair"
    else
        echo "no failed request at all"
    fi
    echo "uptime:$(uptime)"
    [[ "$(value acknowledged_missing)" == 0 && "$(value stored_twice)" == 0 && "$(value status_500s)" == 0 \
        && "$(value read_your_writes_missed)" == 0 && "$(value acknowledged)" -gt 0 \
        && "$(value stream_missing)" =~ ^0?$ && "$(value stream_duplicated)" =~ ^0?$ ]]
}
