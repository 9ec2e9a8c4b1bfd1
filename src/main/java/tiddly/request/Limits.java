package tiddly.request;

/**
 * How much one request may ask of the database. Each bound keeps a request inside what SQLite,
 * PostgreSQL and MariaDB accept in one statement (and inside their planners' patience), with room
 * to spare for real use, so that an oversized request is a precise 4xx here instead of a database
 * error later. docs/API.md (Query limits) lists them with their error codes.
 */
final class Limits {
    /** Levels of objects in a where or having: each and, or, not and has is one. */
    static final int WHERE_DEPTH = 16;

    /**
     * Conditions in one where or having: each comparison, in, is, like and has, and each empty
     * object. SQLite holds an expression at most 1000 levels deep; SqlWriter nests long lists
     * so that they stay shallow, and this bound keeps the planners' work small.
     */
    static final int CONDITIONS = 1_000;

    /**
     * Values in one where or having, each value of an in list included: each is a bound
     * parameter. A statement holds at most one where, one having and the 10,000 keys of an
     * embed's query, well under PostgreSQL's 65,535 parameters (SQLite allows 250,000 in
     * sqlite-jdbc, MariaDB's client-side statements have no such limit).
     */
    static final int VALUES = 10_000;

    /**
     * {@code has} filters in one where: each is a semi-join, and PostgreSQL plans 32 ANDed ones
     * in 0.7 s and 64 in more than 10 s.
     */
    static final int HAS = 16;

    /** Characters of a like or ilike pattern; SQLite refuses patterns longer than 50,000 bytes. */
    static final int PATTERN_LENGTH = 1_000;

    /** Items of a select; PostgreSQL selects at most 1664 columns, SQLite 2000. */
    static final int SELECT = 1_000;

    /** Terms of an orderby; a cursor's position holds one value per term, and its SQL grows with their square. */
    static final int ORDERBY = 32;

    /** Columns of a groupby. */
    static final int GROUPBY = 32;

    /** Embedded relations per query, at every level: each is one more query per page. */
    static final int EMBEDS = 10;

    /**
     * Rows of one POST. Each is a statement of the write's transaction, which holds SQLite's
     * write lock: 10,000 rows took 2.4 s, and a writer waits at most 5 s for the lock.
     */
    static final int ROWS = 10_000;

    private Limits() {}
}
