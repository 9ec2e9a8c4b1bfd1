-- The sample database bundled in tiddly.jar and served when ./tiddly.db is missing.
-- Regenerate tiddly.db.sample with: scripts/make-sample-db.sh
--
-- Sample passwords (bcrypt, cost 10; made with Python's crypt.METHOD_BLOWFISH):
-- alice-secret, bob-secret, carol-secret, dave-secret, erin-secret.
PRAGMA foreign_keys = ON;

-- The tables of the original Python Tiddly.
CREATE TABLE user (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    email    TEXT UNIQUE,
    password TEXT
);
INSERT INTO user (id, name, email, password) VALUES
    (1, 'Alice', 'alice@example.com', '$2b$10$pwJS8Z9qvU4Uaygv6HhQP.ja2Mvgs5MRpKrsS7Rvo2DHblwe/Ri7q'),
    (2, 'Bob',   'bob@example.com',   '$2b$10$FIve7N60JTgn/S.pylozNuIP2PNA8sitdTr2tGYz16E680RTTwiIa'),
    (3, 'Carol', 'carol@example.com', '$2b$10$SLUQHHlXzBEa7Pm/I.6hzu6VhTaURdzZdFDPb9gftPMwW8vW/jfaq'),
    (4, 'Dave',  'dave@example.com',  '$2b$10$qqh.5T8HYYPQx21/WP.mqOTfE2CaNYIcBQ2tZ7.r.3WM55PD37tl.'),
    (5, 'Erin',  NULL,                '$2b$10$HhKu0VWVhNL1TgX1fMO07.CEOHUTe80w8pTFhWm8kcFzfyaKpsHO.');

CREATE TABLE dual (
    id   INTEGER PRIMARY KEY,
    text TEXT
);
INSERT INTO dual (id, text) VALUES (1, 'X');

-- Related tables to page through, filter and join: genre (a text key) ← book → author.
CREATE TABLE author (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    born INTEGER
);
INSERT INTO author (id, name, born) VALUES
    (1, 'Ursula K. Le Guin', 1929),
    (2, 'Terry Pratchett', 1948),
    (3, 'Octavia E. Butler', 1947),
    (4, 'Italo Calvino', 1923),
    (5, 'Jorge Luis Borges', 1899),
    (6, 'Tove Jansson', 1914),
    (7, 'Stanisław Lem', 1921),
    (8, 'Banana Yoshimoto', 1964),
    (9, 'Chimamanda Ngozi Adichie', 1977),
    (10, 'Anonymous', NULL);

CREATE TABLE genre (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
INSERT INTO genre (code, name) VALUES
    ('sf', 'Science fiction'),
    ('fantasy', 'Fantasy'),
    ('literary', 'Literary fiction'),
    ('children', 'Children''s books');

CREATE TABLE book (
    id        INTEGER PRIMARY KEY,
    title     TEXT NOT NULL,
    year      INTEGER CHECK (year > 0),
    author_id INTEGER NOT NULL REFERENCES author (id),
    genre     TEXT REFERENCES genre (code),
    in_print  BOOLEAN NOT NULL DEFAULT 1
);
CREATE INDEX book_author_id ON book (author_id);

-- 60 books, six for each author, with deterministic titles, years and genres.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO book (id, title, year, author_id, genre, in_print)
SELECT i,
       'Book ' || i,
       1950 + (i * 37) % 71,
       (i - 1) % 10 + 1,
       CASE i % 4 WHEN 0 THEN 'sf' WHEN 1 THEN 'fantasy' WHEN 2 THEN 'literary' ELSE NULL END,
       i % 5 <> 0
FROM n;
