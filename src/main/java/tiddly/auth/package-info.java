/**
 * Who is calling: request credentials (a bearer JWT, HTTP Basic against the users table, or an
 * X-API-Key) → {@link tiddly.auth.Identity}; {@code /_login} credentials → a signed token; and
 * passwords written to the users table → bcrypt hashes. Reads users through the sql stage.
 */
package tiddly.auth;
