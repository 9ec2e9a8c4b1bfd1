package tiddly.http;

import java.util.Optional;
import spark.Request;
import spark.Response;
import tiddly.sql.Database;

/**
 * {@code Tiddly-Position}: read-your-writes across instances over PostgreSQL read replicas
 * (docs/scaling.md). The answer to a write carries the position of its commit; a request that
 * brings one back is read only where that position was replayed (a caught-up replica, else the
 * primary). Without replicas no answer carries one, and one brought back changes nothing.
 */
final class PositionHeader {
    static final String NAME = "Tiddly-Position";

    private PositionHeader() {}

    /**
     * A before-filter: the request's reads see at least the position it brought; each of its
     * commits sets the header (replacing the one before: a later commit is a later position), before
     * the body is sent. A malformed position is a 400 {@code invalid_position}.
     */
    static void begin(Request request, Response response, Database database) {
        database.beginRequest(
                Optional.ofNullable(request.headers(NAME)),
                position -> response.raw().setHeader(NAME, position));
    }

    /** An after-after filter, run whatever the answer: the request's scope ends with it. */
    static void end(Database database) {
        database.endRequest();
    }
}
