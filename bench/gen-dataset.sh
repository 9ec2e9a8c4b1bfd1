#!/usr/bin/env bash
# Writes the benchmark database: the sample's tables (author and book scaled up) plus table item.
# Deterministic: the same arguments always give the same rows.
# Usage: bench/gen-dataset.sh OUT.db [ITEMS] [AUTHORS] [BOOKS]   (defaults 100000 10000 100000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: bench/gen-dataset.sh OUT.db [ITEMS] [AUTHORS] [BOOKS]}"
items="${2:-100000}"
authors="${3:-10000}"
books="${4:-100000}"
for number in "$items" "$authors" "$books"; do
    [[ "$number" =~ ^[0-9]+$ ]] || { echo "gen-dataset: '$number' is not a row count" >&2; exit 2; }
done
rm -f "$out" "$out-wal" "$out-shm"
# Start from the sample: its schema, and its rows (genres, users, the first authors and books).
cp "$here/../tiddly.db.sample" "$out"
sqlite3 "$out" "PRAGMA journal_mode = WAL;" >/dev/null # Tiddly's mode; set here so every copy starts in it
sqlite3 "$out" <<SQL
BEGIN;
CREATE TABLE item (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    price      REAL,
    category   TEXT,
    created_at TEXT
);
CREATE INDEX item_category ON item (category);
-- Prices 1.00..1000.99 in cents, spread by a multiplicative hash so that each category's order is mixed.
WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < $items)
INSERT INTO item (id, name, price, category, created_at)
SELECT id,
       'item-' || id,
       ((id * 7919) % 100000) / 100.0 + 1,
       printf('c%02d', id % 100),
       strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01 00:00:00', '+' || id || ' minutes')
FROM n;

-- The sample's authors and books, continued: ids after the sample's own rows.
WITH RECURSIVE n(id) AS (SELECT (SELECT coalesce(max(id), 0) + 1 FROM author) UNION ALL SELECT id + 1 FROM n WHERE id < $authors)
INSERT INTO author (id, name, born)
SELECT id, 'Author ' || id, 1900 + id % 100 FROM n WHERE id <= $authors;

WITH RECURSIVE n(id) AS (SELECT (SELECT coalesce(max(id), 0) + 1 FROM book) UNION ALL SELECT id + 1 FROM n WHERE id < $books)
INSERT INTO book (id, title, year, author_id, genre, in_print)
SELECT id,
       'Book ' || id,
       1950 + id % 70,
       (SELECT max(id) FROM author) - (id * 31) % (SELECT max(id) FROM author),
       (SELECT code FROM (SELECT code, row_number() OVER (ORDER BY code) - 1 AS k FROM genre)
        WHERE k = id % (SELECT count(*) FROM genre)),
       id % 5 <> 0
FROM n WHERE id <= $books;
COMMIT;
SQL
problems="$(sqlite3 "$out" "PRAGMA foreign_key_check;")"
[[ -z "$problems" ]] || { echo "gen-dataset: foreign keys broken: $problems" >&2; exit 1; }
sqlite3 "$out" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
echo "gen-dataset: $out: $(sqlite3 "$out" "SELECT (SELECT count(*) FROM item) || ' items, ' || (SELECT count(*) FROM author) || ' authors, ' || (SELECT count(*) FROM book) || ' books'")"
