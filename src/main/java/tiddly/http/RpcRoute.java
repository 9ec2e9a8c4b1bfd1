package tiddly.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import spark.Request;
import spark.Response;
import tiddly.auth.Identity;
import tiddly.permission.Permissions;
import tiddly.rpc.Function;
import tiddly.rpc.Functions;
import tiddly.rpc.RpcException;
import tiddly.sql.AnswerTooLargeException;
import tiddly.sql.Database;
import tiddly.sql.IdempotentTransactions;
import tiddly.sql.Outcomes.Outcome;

/**
 * {@code POST /_rpc/name} with named JSON arguments (docs/extending.md); a read-only function
 * also by {@code GET /_rpc/name?arg=…} and {@code QUERY}. The role's execute rule is checked
 * before the function's name is looked up, so a caller who may not call it learns nothing of it;
 * the call runs in one transaction, whose statements the statement timeout bounds.
 */
final class RpcRoute {
    /** A streamed answer up to this size still leaves with a Content-Length. */
    private static final int HELD_BYTES = 64 * 1024;

    private final Functions functions;
    private final Permissions permissions;
    private final Database database;
    private final long maxBodyBytes;
    private final Set<String> hiddenColumns;
    private final IdempotentTransactions once;

    /** @param hiddenColumns {@code --hidden-columns}: never returned, by a function's rows either */
    RpcRoute(
            Functions functions,
            Permissions permissions,
            Database database,
            long maxBodyBytes,
            Set<String> hiddenColumns,
            IdempotentTransactions once) {
        this.functions = functions;
        this.permissions = permissions;
        this.database = database;
        this.maxBodyBytes = maxBodyBytes;
        this.hiddenColumns = Set.copyOf(hiddenColumns);
        this.once = once;
    }

    String handle(Request request, Response response) throws IOException {
        String name = request.params(":name");
        String method = request.requestMethod().toUpperCase(Locale.ROOT);
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("QUERY");
        if (!read && !method.equals("POST")) {
            throw new tiddly.request.MethodNotAllowedException(
                    "method_not_allowed",
                    method + " is not allowed on a function; allowed: POST, and GET or QUERY for read-only ones",
                    "GET, POST, QUERY, OPTIONS");
        }
        Identity identity = IdentityFilter.of(request);
        Optional<Function> function = functions.find(name);
        permissions.admitCall(identity, name, function.map(Function::readOnly).orElse(true));
        if (function.isEmpty()) {
            throw RpcException.unknownFunction(name);
        }
        if (read && !function.get().readOnly()) {
            throw RpcException.notReadOnly(name, method);
        }
        boolean inUrl = method.equals("GET") || method.equals("HEAD");
        String body = inUrl ? "" : BodyReader.read(request.raw(), maxBodyBytes);
        JsonObject arguments =
                inUrl ? functions.fromQuery(name, UrlParts.query(request.raw().getQueryString())) : arguments(body);
        Optional<Functions.SqlCall> streamed = functions.streamed(name, arguments);
        if (streamed.isPresent()) {
            return stream(streamed.get(), response);
        }
        java.util.function.Function<Database.Transaction, String> call = transaction -> {
            Object result = functions.call(identity, name, arguments, transaction.sql());
            if (result instanceof List<?> rows && rows.size() > AnswerTooLargeException.MAX_ROWS) {
                throw new AnswerTooLargeException("function '" + name + "'");
            }
            return Envelope.success(shown(result));
        };
        if (function.get().readOnly()) {
            // rolled back, never committed: GET and QUERY, which no cross-site check guards, must
            // change nothing even if the function's SQL writes after all; so a key is not needed
            return JsonBody.send(response, database.rolledBack(call));
        }
        Optional<IdempotentTransactions.Key> key = IdempotencyKeys.of(request, identity, body);
        if (key.isEmpty()) {
            return JsonBody.send(response, database.transaction(call));
        }
        // a retry with the key gets the first answer: the function changed data once
        IdempotentTransactions.Answer answer =
                once.run(key.get(), transaction -> new Outcome(200, Optional.empty(), call.apply(transaction)));
        return JsonBody.send(
                response, IdempotencyKeys.answered(answer, response, () -> {}).body());
    }

    /**
     * The answer without the columns hidden from everyone: a {@code SELECT *} over a users table
     * would otherwise hand out its password hashes. Rows and one object lose those keys; a scalar
     * is the function's own choice.
     */
    private Object shown(Object result) {
        if (result instanceof List<?> rows) {
            return rows.stream().map(this::shown).toList();
        }
        if (result instanceof Map<?, ?> row) {
            @SuppressWarnings("unchecked") // a function's rows and objects have column names as keys
            Map<String, Object> named = (Map<String, Object>) row;
            return shownRow(named);
        }
        return result;
    }

    /** One row without the hidden columns; the row itself when it has none. */
    private Map<String, Object> shownRow(Map<String, Object> row) {
        if (row.keySet().stream().noneMatch(hiddenColumns::contains)) {
            return row;
        }
        Map<String, Object> kept = new LinkedHashMap<>(row);
        kept.keySet().removeAll(hiddenColumns);
        return kept;
    }

    /**
     * A read-only SQL function's rows, written as a list's are (the same {@link JsonRows} over a
     * {@link ResponseBody}) as the database reads them, in a transaction that cannot write and is
     * rolled back ({@link Database#streamSql}): none is held, hidden columns dropped from each.
     */
    private String stream(Functions.SqlCall call, Response response) throws IOException {
        response.status(200);
        response.type(Envelope.JSON);
        ResponseBody body = new ResponseBody(response.raw(), HELD_BYTES);
        JsonRows rows = new JsonRows(body);
        database.streamSql(call.sql(), call.parameters(), row -> {
            try {
                rows.row(shownRow(row));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        rows.end(Optional.empty(), Optional.empty());
        body.finish();
        return "";
    }

    /** The body: a JSON object of named arguments; none at all is no arguments. */
    private static JsonObject arguments(String body) {
        if (body.isBlank()) {
            return new JsonObject();
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(body);
        } catch (JsonParseException e) {
            throw RpcException.invalidArguments("the body is not valid JSON: " + e.getMessage());
        }
        if (!json.isJsonObject()) {
            throw RpcException.invalidArguments("a function's arguments are a JSON object of named values");
        }
        return json.getAsJsonObject();
    }
}
