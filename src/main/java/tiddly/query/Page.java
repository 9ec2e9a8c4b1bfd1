package tiddly.query;

/** {@code limit} and {@code offset}; the limit is always set, at most the server's maximum. */
public record Page(long limit, long offset) {}
