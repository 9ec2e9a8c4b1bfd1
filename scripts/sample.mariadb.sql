-- The sample database for MariaDB and MySQL: the same tables and rows as scripts/sample.sql (SQLite).
-- Load it with: mariadb tiddly < scripts/sample.mariadb.sql
-- Sample passwords (bcrypt): alice-secret, bob-secret, carol-secret, dave-secret, erin-secret.

CREATE TABLE `user` (
    id       BIGINT AUTO_INCREMENT PRIMARY KEY,
    name     text NOT NULL,
    email    VARCHAR(190) UNIQUE,
    password text
);
INSERT INTO `user` (id, name, email, password) VALUES
    (1, 'Alice', 'alice@example.com', '$2b$10$pwJS8Z9qvU4Uaygv6HhQP.ja2Mvgs5MRpKrsS7Rvo2DHblwe/Ri7q'),
    (2, 'Bob',   'bob@example.com',   '$2b$10$FIve7N60JTgn/S.pylozNuIP2PNA8sitdTr2tGYz16E680RTTwiIa'),
    (3, 'Carol', 'carol@example.com', '$2b$10$SLUQHHlXzBEa7Pm/I.6hzu6VhTaURdzZdFDPb9gftPMwW8vW/jfaq'),
    (4, 'Dave',  'dave@example.com',  '$2b$10$qqh.5T8HYYPQx21/WP.mqOTfE2CaNYIcBQ2tZ7.r.3WM55PD37tl.'),
    (5, 'Erin',  NULL,                '$2b$10$HhKu0VWVhNL1TgX1fMO07.CEOHUTe80w8pTFhWm8kcFzfyaKpsHO.');

CREATE TABLE `dual` (
    id   BIGINT AUTO_INCREMENT PRIMARY KEY,
    text text
);
INSERT INTO `dual` (id, text) VALUES (1, 'X');

CREATE TABLE author (
    id   BIGINT AUTO_INCREMENT PRIMARY KEY,
    name text NOT NULL,
    born BIGINT
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
    code VARCHAR(40) PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO genre (code, name) VALUES
    ('sf', 'Science fiction'),
    ('fantasy', 'Fantasy'),
    ('literary', 'Literary fiction'),
    ('children', 'Children''s books');

CREATE TABLE book (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    title     text NOT NULL,
    year      BIGINT CHECK (year > 0),
    author_id BIGINT NOT NULL,
    genre     VARCHAR(40),
    in_print  boolean NOT NULL DEFAULT TRUE,
    FOREIGN KEY (author_id) REFERENCES author (id),
    FOREIGN KEY (genre) REFERENCES genre (code)
);
CREATE INDEX book_author_id ON book (author_id);

INSERT INTO book (id, title, year, author_id, genre, in_print)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
SELECT i,
       CONCAT('Book ', i),
       1950 + (i * 37) % 71,
       (i - 1) % 10 + 1,
       CASE i % 4 WHEN 0 THEN 'sf' WHEN 1 THEN 'fantasy' WHEN 2 THEN 'literary' ELSE NULL END,
       i % 5 <> 0
FROM n;
