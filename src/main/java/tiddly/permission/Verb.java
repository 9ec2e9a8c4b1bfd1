package tiddly.permission;

/** What a rule allows: read is FETCH, QUERY and GET (and embeds, has, counts); the rest are writes. */
public enum Verb {
    READ,
    INSERT,
    UPDATE,
    DELETE
}
