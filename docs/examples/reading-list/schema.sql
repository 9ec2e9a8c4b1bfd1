-- The reading list's one table, added to the sample database (or any other):
--   sqlite3 tiddly.db < docs/examples/reading-list/schema.sql
CREATE TABLE reading (
    id     INTEGER PRIMARY KEY,
    title  TEXT NOT NULL,
    author TEXT,
    done   BOOLEAN NOT NULL DEFAULT 0
);
