/**
 * The role's schema and rules → an OpenAPI 3.1 or 3.2 document, as maps and lists that the http
 * stage writes as JSON. Pure: no I/O, no Spark; a document describes only what the role may do.
 */
package tiddly.openapi;
