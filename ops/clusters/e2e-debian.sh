#!/usr/bin/env bash
# Runs the end-to-end tests that must hold on every database (pom.xml's <server.tests>, plus
# tiddly/servers/*) against Debian's own PostgreSQL 15 and MariaDB 10.11 instead of the embedded
# servers: `ops/clusters/e2e-debian.sh [postgres|mariadb]…` (default: both). Each server is a
# throw-away data directory on a loopback port, stopped at the end. Needs the tests compiled
# (`mvn -B -q test-compile`) and, as root, the packages (see lib.sh). ~5-10 min per database.
set -euo pipefail
work="$(mktemp -d /tmp/tiddly-e2e-debian.XXXXXX)"
chmod 755 "$work"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
trap 'stop_servers; rm -rf "$work"' EXIT
need_packages

tests="$(sed -n 's:.*<server.tests>\(.*\)</server.tests>.*:\1:p' "$repo/pom.xml")"
status=0
for db in "${@:-postgres mariadb}"; do
    for db in $db; do
        if [[ "$db" == postgres ]]; then
            pg_new "$work/pg" 5491 "fsync = off"
            pg_dirs+=("$work/pg")
            pg_start "$work/pg"
            url="jdbc:postgresql://127.0.0.1:5491/postgres"
            version="$(psql_at 5491 'SHOW server_version')"
            only="$tests,ConsoleWriteTest,tiddly/servers/**,!tiddly/servers/Mariadb*"
        else
            maria_new "$work/maria"
            maria_start "$work/maria" 3391 --innodb-flush-log-at-trx-commit=0
            url="jdbc:mariadb://127.0.0.1:3391"
            version="$(maria_at 3391 'SELECT VERSION()')"
            only="$tests,tiddly/servers/**,!tiddly/servers/Postgres*"
        fi
        echo "e2e-debian: $db $version at $url"
        rm -rf "$repo/target/surefire-reports"
        (cd "$repo" && nice -n 10 mvn -B -q -o surefire:test -Dtest="$only" -Dsurefire.failIfNoSpecifiedTests=false \
            -Dtiddly.test.db="$db" -Dtiddly.test.db.url="$url") || status=1
        (cd "$repo" && python3 - "$db" "$version" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
t = f = e = s = 0
for path in glob.glob("target/surefire-reports/TEST-*.xml"):
    r = ET.parse(path).getroot()
    t += int(r.get("tests")); f += int(r.get("failures")); e += int(r.get("errors")); s += int(r.get("skipped"))
print(f"e2e-debian: {sys.argv[1]} {sys.argv[2]}: {t} tests, {f} failures, {e} errors, {s} skipped")
PY
        )
        stop_servers
        pg_dirs=()
    done
done
exit "$status"
