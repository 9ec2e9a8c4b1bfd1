/**
 * Remote procedure calls, {@code /_rpc/name}: the catalog of callable functions (PostgreSQL
 * functions reflected from the schema, SQLite named queries from the config file, Java functions
 * from the embedding API) and the call itself: named JSON arguments → typed values → rows or a
 * scalar, in one transaction.
 */
package tiddly.rpc;
