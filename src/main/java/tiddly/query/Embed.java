package tiddly.query;

/**
 * Rows of a related table added to each result row under the relation's name: an object for a
 * many-to-one relation, an array for one-to-many. {@code fetch} says which rows and columns, with
 * its page applying per parent row; its table is the relation's other table.
 */
public record Embed(Relation relation, Fetch fetch) {}
