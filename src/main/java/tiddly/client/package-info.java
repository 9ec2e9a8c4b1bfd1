/**
 * A Java client for a Tiddly server, usable from any Java program against a local or remote
 * server: it uses only {@code java.net.http.HttpClient} and Gson, never the server's classes.
 *
 * <p>In charge of: the caller's fluent query → the QUERY body of docs/API.md → rows ({@link
 * tiddly.client.Row}) that remember what changed → the smallest write that saves them ({@code PUT}
 * with {@code If-Match}, or one {@code /_batch} with back-references). {@link
 * tiddly.client.TiddlyClient#connect} reads {@code /_schema} once, so that unknown table, column
 * and relation names fail while a query is built, before any request. docs/clients-java.md has a
 * quick start.
 */
package tiddly.client;
