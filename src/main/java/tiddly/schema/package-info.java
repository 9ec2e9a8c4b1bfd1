/** Database catalogue → {@link tiddly.schema.Schema}: the tables, columns and keys Tiddly exposes. */
package tiddly.schema;
