package tiddly.query;

/** A JSON value as the database returned it (a json or jsonb column), written out as JSON, not as a string. */
public record JsonText(String json) {}
