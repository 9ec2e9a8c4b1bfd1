/** Untrusted HTTP input ({@link tiddly.request.Call}) → the query model, checked against the schema. */
package tiddly.request;
