package tiddly.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import spark.Request;
import spark.Response;
import tiddly.TiddlyException;
import tiddly.auth.Identity;
import tiddly.query.Fetch;
import tiddly.query.Query;
import tiddly.request.BatchParser;
import tiddly.request.Operation;
import tiddly.sql.AnswerTooLargeException;
import tiddly.sql.Database;
import tiddly.sql.IdempotentTransactions;
import tiddly.sql.Outcomes.Outcome;
import tiddly.sql.Result;

/**
 * {@code POST /_batch}: many operations on many tables in one transaction, all or nothing. Each
 * runs through the same pipeline as a request of its own; later ones may refer to rows earlier
 * ones produced, and reads see the batch's own writes.
 */
final class BatchRoute {
    private static final int MAX_OPERATIONS = 1000;
    /**
     * Bytes of values the answers of one batch may hold: they are all in memory until the commit
     * (rows as maps, then their JSON), so rows alone bound nothing when they are large.
     */
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final BatchParser batches = new BatchParser(MAX_OPERATIONS);
    private final Pipeline pipeline;
    private final Database database;
    private final IdempotentTransactions once;
    private final long maxBodyBytes;

    BatchRoute(Pipeline pipeline, Database database, IdempotentTransactions once, long maxBodyBytes) {
        this.pipeline = pipeline;
        this.database = database;
        this.once = once;
        this.maxBodyBytes = maxBodyBytes;
    }

    String handle(Request request, Response response) throws IOException {
        String body = BodyReader.read(request.raw(), maxBodyBytes);
        List<Operation> operations = batches.parse(body);
        Identity identity = IdentityFilter.of(request);
        List<Ran> ran = new ArrayList<>();
        Function<Database.Transaction, String> work =
                transaction -> Envelope.success(replies(transaction, operations, identity, ran));
        Optional<IdempotentTransactions.Key> key = IdempotencyKeys.of(request, identity, body);
        if (key.isEmpty()) {
            String answer = database.transaction(work);
            committed(identity, ran);
            return JsonBody.send(response, answer);
        }
        IdempotentTransactions.Answer answer =
                once.run(key.get(), transaction -> new Outcome(200, Optional.empty(), work.apply(transaction)));
        Outcome outcome = IdempotencyKeys.answered(answer, response, () -> committed(identity, ran));
        return JsonBody.send(response, outcome.body());
    }

    /** After the commit: what follows each write (tokens revoked, after-commit hooks), once each. */
    private void committed(Identity identity, List<Ran> ran) {
        ran.forEach(one -> pipeline.committed(identity, one.query(), one.result()));
    }

    /** Every operation in order, in one transaction; the writes that ran are left in {@code ran}. */
    private List<Object> replies(
            Database.Transaction transaction, List<Operation> operations, Identity identity, List<Ran> ran) {
        ran.clear(); // a transaction that is run again starts over
        List<Map<String, Object>> produced = new ArrayList<>();
        List<Object> replies = new ArrayList<>();
        long rowsAnswered = 0;
        Bytes bytes = new Bytes();
        for (int i = 0; i < operations.size(); i++) {
            try {
                Pipeline.Prepared prepared =
                        pipeline.prepare(identity, operations.get(i).call(produced, i), transaction.sql());
                Query query = prepared.query();
                Map<String, Object> result;
                if (query instanceof Fetch fetch && !fetch.single()) {
                    result = list(transaction, identity, fetch, (Fetch) prepared.asked(), bytes);
                } else {
                    Result rows = pipeline.run(transaction, identity, query); // after hooks included
                    ran.add(new Ran(query, rows));
                    result = result(Reply.of(query, rows, prepared.blind()));
                    bytes.add(result.get("data"));
                }
                rowsAnswered += rows(result.get("data"), AnswerTooLargeException.MAX_ROWS - rowsAnswered);
                if (rowsAnswered > AnswerTooLargeException.MAX_ROWS) {
                    throw new AnswerTooLargeException("the batch's answers"); // held in memory until the last
                }
                replies.add(result);
                produced.add(firstRow(result.get("data")));
            } catch (TiddlyException e) {
                throw new BatchException(i, e);
            }
        }
        return replies;
    }

    /** A read in the batch: its rows, and its count and next cursor as a request of its own gets them. */
    /** An operation that ran, for what follows the commit. */
    private record Ran(Query query, Result result) {}

    private Map<String, Object> list(
            Database.Transaction transaction, Identity identity, Fetch fetch, Fetch asked, Bytes bytes) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", 200);
        if (fetch.count()) {
            result.put("count", pipeline.reader.count(transaction, fetch));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        pipeline.reader
                .read(transaction, fetch, row -> {
                    List<Map<String, Object>> shown = pipeline.afterRow(identity, fetch, row);
                    bytes.add(shown); // each row, so that a read of large rows stops before it is all held
                    rows.addAll(shown);
                })
                .ifPresent(next -> result.put("next", pipeline.cursors.encode(asked, next)));
        result.put("data", rows);
        return result;
    }

    private static Map<String, Object> result(Reply reply) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", reply.status());
        result.put("data", reply.data());
        reply.etag().ifPresent(etag -> result.put("etag", etag));
        return result;
    }

    /** Rows in an answer, embedded ones at every place they appear; counting stops past {@code budget}. */
    private static long rows(Object data, long budget) {
        long count = 0;
        if (data instanceof Map<?, ?> row) {
            count = 1;
            for (Object value : row.values()) {
                if (count > budget) {
                    break;
                }
                count += rows(value, budget - count);
            }
        } else if (data instanceof List<?> list) {
            for (Object item : list) {
                if (count > budget) {
                    break;
                }
                count += rows(item, budget - count);
            }
        }
        return count;
    }

    /** The bytes of values the batch's answers hold so far, roughly as their JSON will; past {@link #MAX_BYTES}, refused. */
    private static final class Bytes {
        private long held;

        void add(Object data) {
            held += size(data);
            if (held > MAX_BYTES) {
                throw AnswerTooLargeException.bytes("the batch's answers", MAX_BYTES);
            }
        }

        private static long size(Object data) {
            if (data instanceof Map<?, ?> row) {
                long size = 2;
                for (Map.Entry<?, ?> entry : row.entrySet()) {
                    size += String.valueOf(entry.getKey()).length() + 4 + size(entry.getValue());
                }
                return size;
            }
            if (data instanceof Iterable<?> items) {
                long size = 2;
                for (Object item : items) {
                    size += size(item) + 1;
                }
                return size;
            }
            if (data instanceof byte[] bytes) {
                return bytes.length * 4L / 3 + 4; // base64
            }
            if (data == null || data instanceof Number || data instanceof Boolean) {
                return 8;
            }
            return String.valueOf(data).length() + 2;
        }
    }

    /** The row a later $ref reads: the operation's row, or the first of its rows. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstRow(Object data) {
        if (data instanceof Map<?, ?> row) {
            return (Map<String, Object>) row;
        }
        if (data instanceof List<?> rows && !rows.isEmpty() && rows.get(0) instanceof Map<?, ?> row) {
            return (Map<String, Object>) row;
        }
        return null;
    }
}
