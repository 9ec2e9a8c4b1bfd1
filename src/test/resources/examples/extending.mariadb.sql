CREATE PROCEDURE books_since(IN since BIGINT, IN max_rows BIGINT)
SELECT id, title FROM book WHERE year > since ORDER BY id LIMIT max_rows
