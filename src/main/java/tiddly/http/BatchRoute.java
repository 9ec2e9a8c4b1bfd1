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
        BatchAnswers answers = new BatchAnswers();
        for (int i = 0; i < operations.size(); i++) {
            try {
                Pipeline.Prepared prepared =
                        pipeline.prepare(identity, operations.get(i).call(produced, i), transaction.sql());
                Query query = prepared.query();
                Map<String, Object> result;
                if (query instanceof Fetch fetch && !fetch.single()) {
                    result = list(transaction, identity, fetch, (Fetch) prepared.asked(), answers);
                } else {
                    Result rows = pipeline.run(transaction, identity, query); // after hooks included
                    ran.add(new Ran(query, rows));
                    result = result(Reply.of(query, rows, prepared.blind()));
                    answers.add(result.get("data"));
                }
                replies.add(result);
                produced.add(firstRow(result.get("data")));
            } catch (TiddlyException e) {
                throw new BatchException(i, e);
            }
        }
        return replies;
    }

    /** An operation that ran, for what follows the commit. */
    private record Ran(Query query, Result result) {}

    /** A read in the batch: its rows, and its count and next cursor as a request of its own gets them. */
    private Map<String, Object> list(
            Database.Transaction transaction, Identity identity, Fetch fetch, Fetch asked, BatchAnswers answers) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", 200);
        if (fetch.count()) {
            result.put("count", pipeline.reader.count(transaction, fetch));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        pipeline.reader
                .read(transaction, fetch, row -> {
                    List<Map<String, Object>> shown = pipeline.afterRow(identity, fetch, row);
                    answers.add(shown); // each row, so that a read of large rows stops before it is all held
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
