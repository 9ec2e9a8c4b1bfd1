package tiddly.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import spark.Request;
import spark.Response;
import tiddly.query.Query;
import tiddly.request.Call;
import tiddly.request.MethodNotAllowedException;
import tiddly.request.RequestParser;
import tiddly.sql.Database;
import tiddly.sql.Result;
import tiddly.sql.Script;
import tiddly.sql.SqlWriter;
import tiddly.sql.Versions;

/** {@code /table} and {@code /table/key}, every verb: the whole pipeline of one request. */
final class TableRoute {
    static final String TABLE_VERBS = "GET, POST, PUT, DELETE, FETCH, OPTIONS";
    static final String ROW_VERBS = "GET, PUT, DELETE, OPTIONS";
    private static final Set<String> TABLE = Set.of("GET", "POST", "PUT", "DELETE", "FETCH");
    private static final Set<String> ROW = Set.of("GET", "PUT", "DELETE");

    private final RequestParser parser;
    private final SqlWriter writer;
    private final Database database;
    private final long maxBodyBytes;

    TableRoute(RequestParser parser, SqlWriter writer, Database database, long maxBodyBytes) {
        this.parser = parser;
        this.writer = writer;
        this.database = database;
        this.maxBodyBytes = maxBodyBytes;
    }

    String handle(Request request, Response response) {
        Call call = call(request);
        Query query = parser.parse(call); //                     request → query model
        // A permission rule will be ANDed into the query's where here, between request and sql.
        Script script = writer.write(query); //                  query model → SQL, pure
        Result result = database.run(script); //                 SQL → rows, the one I/O step
        Reply reply = Reply.of(query, result); //                rows → envelope
        String body = Envelope.success(reply.data());
        String etag = reply.etag().orElseGet(() -> Versions.etag(body));
        response.type(Envelope.JSON);
        if (call.verb().equals("GET")) {
            response.header("ETag", etag);
            if (notModified(request.headers("If-None-Match"), etag)) {
                response.status(304);
                return "";
            }
        } else {
            reply.etag().ifPresent(value -> response.header("ETag", value));
        }
        response.status(reply.status());
        return body;
    }

    /** If-None-Match: a list of ETags, or *; weak ones (W/"…") compare by their opaque part. */
    private static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split("\\s*,\\s*")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private Call call(Request request) {
        String method = request.requestMethod().toUpperCase(Locale.ROOT);
        String verb = method.equals("HEAD") ? "GET" : method;
        List<String> segments = UrlParts.segments(request.raw().getRequestURI());
        Optional<String> key = segments.size() > 1 ? Optional.of(segments.get(1)) : Optional.empty();
        if (!(key.isPresent() ? ROW : TABLE).contains(verb)) {
            throw new MethodNotAllowedException("method_not_allowed",
                    method + " is not allowed on " + (key.isPresent() ? "a row" : "a table") + "; allowed: "
                            + (key.isPresent() ? ROW_VERBS : TABLE_VERBS),
                    key.isPresent() ? ROW_VERBS : TABLE_VERBS);
        }
        String body = verb.equals("GET") ? "" : BodyReader.read(request.raw(), maxBodyBytes);
        return new Call(verb, segments.get(0), key, body, UrlParts.query(request.raw().getQueryString()),
                Optional.ofNullable(request.headers("If-Match")));
    }
}
