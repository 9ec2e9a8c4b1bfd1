#!/usr/bin/env bash
# Rebuilds tiddly.db.sample from scripts/sample.sql. Needs the sqlite3 shell (Debian: apt-get install sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f tiddly.db.sample
sqlite3 tiddly.db.sample < scripts/sample.sql
sqlite3 tiddly.db.sample 'PRAGMA journal_mode = DELETE; VACUUM;' > /dev/null
echo "wrote tiddly.db.sample"
