/** Query model → SQL ({@link tiddly.sql.SqlWriter}, pure) → rows ({@link tiddly.sql.Database}, the one I/O step). */
package tiddly.sql;
