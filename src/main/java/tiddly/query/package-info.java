/** The query model: what a request asks, as records checked against the schema. No I/O here. */
package tiddly.query;
