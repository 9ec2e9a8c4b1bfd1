CREATE FUNCTION books_since(since bigint, max_rows bigint DEFAULT 10) RETURNS SETOF book
LANGUAGE sql STABLE AS $$
    SELECT * FROM book WHERE year > since ORDER BY year LIMIT max_rows
$$
