package tiddly.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import spark.Request;
import spark.Response;
import tiddly.auth.Identity;
import tiddly.hook.Sql;
import tiddly.html.RecordPage;
import tiddly.query.Fetch;
import tiddly.query.Query;
import tiddly.request.Call;
import tiddly.request.MethodNotAllowedException;
import tiddly.schema.Schema;
import tiddly.sql.Database;
import tiddly.sql.IdempotentTransactions;
import tiddly.sql.Outcomes.Outcome;
import tiddly.sql.Reader;
import tiddly.sql.Result;

/** {@code /table} and {@code /table/key}, every verb: the whole pipeline of one request. */
final class TableRoute {
    private static final List<String> TABLE = List.of("GET", "POST", "PUT", "DELETE", "FETCH", "QUERY");
    private static final List<String> ROW = List.of("GET", "PUT", "DELETE");
    /** What an Allow header lists: the verbs, and OPTIONS, which every path answers. */
    static final String TABLE_VERBS = String.join(", ", TABLE) + ", OPTIONS";

    static final String ROW_VERBS = String.join(", ", ROW) + ", OPTIONS";
    /** A list response up to this size gets an ETag; a larger one streams as it is read. */
    private static final int HELD_BYTES = 64 * 1024;

    private static final List<String> READS = List.of("GET", "FETCH", "QUERY");

    /** A write as its transaction ran it. */
    private record Ran(Pipeline.Prepared prepared, Result result) {}

    private final Pipeline pipeline;
    private final Database database;
    private final IdempotentTransactions once;
    private final long maxBodyBytes;
    private final ImportRoute imports;

    TableRoute(Pipeline pipeline, Database database, IdempotentTransactions once, long maxBodyBytes) {
        this.pipeline = pipeline;
        this.database = database;
        this.once = once;
        this.maxBodyBytes = maxBodyBytes;
        this.imports = new ImportRoute(new Importer(pipeline, database, pipeline.permissions(), maxBodyBytes));
    }

    String handle(Request request, Response response) throws IOException {
        Optional<String> imported = imported(request);
        if (imported.isPresent()) { // POST /t with a CSV or NDJSON body: a bulk import (docs/operations.md)
            if (request.headers(IdempotencyKeys.HEADER) != null) {
                throw HttpException.idempotencyNotSupported();
            }
            // an import only inserts: an on_conflict it ignored would report upserts as duplicates
            Optional<String> parameter = UrlParts.query(request.raw().getQueryString()).keySet().stream()
                    .findFirst();
            if (parameter.isPresent()) {
                throw HttpException.importParameter(parameter.get());
            }
            return imports.handle(
                    request,
                    response,
                    imported.get(),
                    ImportFormat.ofContentType(request.contentType()).orElseThrow());
        }
        Call call = call(request);
        Identity identity = IdentityFilter.of(request);
        Pipeline.Prepared prepared;
        Result result;
        if (READS.contains(call.verb())) {
            prepared = pipeline.prepare(identity, call); //                 request → query model
            if (prepared.query() instanceof Fetch fetch && !fetch.single()) {
                return list(identity, fetch, (Fetch) prepared.asked(), call, request, response);
            }
            Result read = database.run(pipeline.writer.write(prepared.query())); // the one I/O step
            result = pipeline.after(identity, prepared.query(), read, Sql.NONE);
        } else { // a write: parsed first; before hooks (if any) and after hooks run in its transaction
            Query asked = pipeline.parse(identity, call);
            Optional<Pipeline.Prepared> early = pipeline.preparedInTransaction(asked)
                    ? Optional.empty()
                    : Optional.of(pipeline.prepare(identity, asked, Sql.NONE)); // no hook: bcrypt outside the lock
            Function<Database.Transaction, Ran> write = transaction -> {
                Pipeline.Prepared inside = early.orElseGet(() -> pipeline.prepare(identity, asked, transaction.sql()));
                return new Ran(inside, pipeline.run(transaction, identity, inside.query()));
            };
            Optional<IdempotentTransactions.Key> key = IdempotencyKeys.of(request, identity, call.body());
            if (key.isPresent()) {
                return keyed(key.get(), write, identity, response);
            }
            Ran ran = database.transaction(write);
            prepared = ran.prepared();
            result = ran.result();
            pipeline.committed(identity, prepared.query(), result);
        }
        Query query = prepared.query();
        Reply reply = Reply.of(query, result, prepared.blind()); // rows → envelope
        if (HtmlPages.wanted(request)) { //                      or rows → page, with no ETag: another representation
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) reply.data();
            return HtmlPages.send(
                    response,
                    RecordPage.of(
                            query.table(), row, readable(request), request.raw().getRequestURI()));
        }
        if (call.verb().equals("GET")) {
            HtmlPages.varyOnAccept(response); // JSON or a page, by Accept
        }
        Outcome outcome = outcome(reply);
        outcome.etag().ifPresent(etag -> response.header("ETag", etag));
        if (call.verb().equals("GET") && notModified(request, outcome.etag().orElseThrow())) {
            response.type(Envelope.JSON);
            response.status(304);
            return "";
        }
        return send(outcome, response);
    }

    /** A write sent with an Idempotency-Key: run once, its answer stored with it and sent again to a retry. */
    private String keyed(
            IdempotentTransactions.Key key,
            Function<Database.Transaction, Ran> write,
            Identity identity,
            Response response)
            throws IOException {
        AtomicReference<Ran> ran = new AtomicReference<>(); // the last run: a transaction may be run again
        IdempotentTransactions.Answer answer = once.run(key, transaction -> {
            Ran done = write.apply(transaction);
            ran.set(done);
            return outcome(Reply.of(
                    done.prepared().query(), done.result(), done.prepared().blind()));
        });
        Outcome outcome = IdempotencyKeys.answered(
                answer,
                response,
                () -> pipeline.committed(
                        identity, ran.get().prepared().query(), ran.get().result()));
        outcome.etag().ifPresent(etag -> response.header("ETag", etag));
        return send(outcome, response);
    }

    private static Outcome outcome(Reply reply) {
        return new Outcome(reply.status(), reply.etag(), Envelope.success(reply.data()));
    }

    private static String send(Outcome outcome, Response response) throws IOException {
        response.status(outcome.status());
        return JsonBody.send(response, outcome.body());
    }

    /** The table a POST of CSV or NDJSON imports into. */
    private static Optional<String> imported(Request request) {
        if (!request.requestMethod().equals("POST")
                || ImportFormat.ofContentType(request.contentType()).isEmpty()) {
            return Optional.empty();
        }
        List<String> segments = UrlParts.segments(request.raw().getRequestURI());
        return segments.size() == 1 ? Optional.of(segments.get(0)) : Optional.empty();
    }

    /**
     * A list: rows stream to the client as the database reads them, in JSON or CSV. The next
     * cursor is signed for the query as asked, before rules narrowed it, as the client will send it.
     */
    private String list(Identity identity, Fetch fetch, Fetch asked, Call call, Request request, Response response)
            throws IOException {
        String accept = Optional.ofNullable(request.headers("Accept")).orElse("");
        boolean csv = accept.contains("text/csv");
        boolean ndjson = !csv && accept.contains("application/x-ndjson");
        boolean html = !csv && !ndjson && HtmlPages.wanted(request);
        Optional<Long> count = fetch.count() ? Optional.of(pipeline.reader.count(database, fetch)) : Optional.empty();
        response.status(200);
        response.type(csv ? "text/csv;charset=utf-8" : ndjson ? NdjsonRows.CONTENT_TYPE : Envelope.JSON);
        if (html) {
            HtmlPages.headers(response);
        }
        HtmlPages.varyOnAccept(response); // JSON, CSV or a page: caches keep them apart
        count.ifPresent(rows -> response.header("X-Total-Count", Long.toString(rows)));
        ResponseBody body = new ResponseBody(response.raw(), HELD_BYTES);
        RowStream rows = csv
                ? new CsvRows(body, Reader.shown(fetch))
                : ndjson
                        ? new NdjsonRows(body)
                        : html
                                ? new HtmlRows(
                                        body,
                                        fetch.table(),
                                        List.copyOf(Reader.shown(fetch)),
                                        readable(request),
                                        request.raw().getRequestURI(),
                                        call.params())
                                : new JsonRows(body);
        Optional<List<Object>> next = pipeline.reader.read(
                database, fetch, row -> pipeline.afterRow(identity, fetch, row).forEach(shown -> write(rows, shown)));
        rows.end(count, next.map(position -> pipeline.cursors.encode(asked, position)));
        if (body.held() && call.verb().equals("GET") && !html) {
            String etag = database.versions().etag(body.bytes());
            response.header("ETag", etag);
            if (notModified(request, etag)) {
                body.drop();
                response.status(304);
            }
        }
        body.finish();
        return "";
    }

    /** The tables the caller may read, as its role sees them: where a page's links may lead. */
    private Schema readable(Request request) {
        return pipeline.permissions().readable(IdentityFilter.of(request).role());
    }

    private static void write(RowStream rows, Map<String, Object> row) {
        try {
            rows.row(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** If-None-Match: a list of ETags, or *; weak ones (W/"…") compare by their opaque part. */
    private static boolean notModified(Request request, String etag) {
        String ifNoneMatch = request.headers("If-None-Match");
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

    Call call(Request request) {
        String method = request.requestMethod().toUpperCase(Locale.ROOT);
        String verb = method.equals("HEAD") ? "GET" : method;
        List<String> segments = UrlParts.segments(request.raw().getRequestURI());
        if (segments.size() == 2 && segments.get(1).equals("_query") && verb.equals("POST")) {
            verb = "QUERY"; // POST /t/_query: QUERY for clients and proxies that only know the usual verbs
            segments = segments.subList(0, 1);
        }
        Optional<String> key = segments.size() > 1 ? Optional.of(segments.get(1)) : Optional.empty();
        List<String> verbs = key.isPresent() ? ROW : TABLE;
        if (!verbs.contains(verb)) {
            String allow = key.isPresent() ? ROW_VERBS : TABLE_VERBS;
            throw new MethodNotAllowedException(
                    "method_not_allowed",
                    method + " is not allowed on " + (key.isPresent() ? "a row" : "a table") + "; allowed: " + allow,
                    allow);
        }
        String body = verb.equals("GET") ? "" : BodyReader.read(request.raw(), maxBodyBytes);
        return new Call(
                verb,
                segments.get(0),
                key,
                body,
                UrlParts.query(request.raw().getQueryString()),
                Optional.ofNullable(request.headers("If-Match")));
    }
}
