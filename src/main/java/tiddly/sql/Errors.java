package tiddly.sql;

import tiddly.query.Query;

/** One database's errors → {@link Failures}. */
interface Errors {
    /** A write's error: constraint violations are the client's to fix, the rest the database's. */
    DatabaseException translate(Query query, Throwable error);

    /**
     * A read's error: the database busy, timed out or failing, never the client's fault (its input
     * was checked); or one of the database's limits, which the request stage's bounds keep a
     * request inside, as a 4xx all the same.
     */
    DatabaseException translateRead(Throwable error);

    /** Whether retrying the whole transaction may succeed: a serialization failure or deadlock. */
    default boolean retryable(Throwable error) {
        return false;
    }
}
