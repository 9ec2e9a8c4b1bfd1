package tiddly.query;

import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * A foreign key seen from one side. From {@code book}, {@code author} is many-to-one ({@code
 * book.author_id → author.id}); from {@code author}, {@code book} is one-to-many.
 *
 * @param name what requests call it: the other table's name
 * @param local the column of this side's table that the join compares
 * @param other the table on the other side
 * @param remote the column of the other table that the join compares
 * @param many whether the other side holds many rows per row of this side
 */
public record Relation(String name, Column local, Table other, Column remote, boolean many) {}
