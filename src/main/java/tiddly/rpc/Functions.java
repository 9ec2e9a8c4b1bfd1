package tiddly.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.auth.Identity;
import tiddly.hook.FunctionCall;
import tiddly.hook.Hooks;
import tiddly.hook.JavaFunction;
import tiddly.hook.Sql;
import tiddly.request.ColumnValues;
import tiddly.sql.AnswerTooLargeException;
import tiddly.sql.Dialect;

/**
 * The functions {@code /_rpc/name} calls, by name: Java functions first, then SQL ones (a Java
 * function hides a SQL function of the same name). A call checks its named arguments like column
 * values, binds them (never splices), and gives rows or a scalar.
 */
public final class Functions {
    /** A SQL function's statement, for its checked arguments. */
    private interface Writer {
        SqlCall write(Map<String, Object> values);
    }

    /** A SQL function, or a Java one. */
    private record Entry(Function function, Optional<Writer> writer, Optional<JavaFunction> java) {
        boolean changes() {
            return function.returns() == Function.Returns.CHANGED;
        }
    }

    /** The statement a SQL function runs: {@code ?} placeholders and the values bound to them. */
    public record SqlCall(String sql, List<Object> parameters) {
        public SqlCall {
            parameters = Collections.unmodifiableList(new ArrayList<>(parameters)); // values may be null
        }
    }

    private final Map<String, Entry> entries;

    private Functions(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static final Functions NONE = new Functions(Map.of());

    /** The PostgreSQL functions of {@code schema} that can be called by name. */
    public static List<Function> reflect(Connection connection, String schema) throws SQLException {
        return FunctionReader.postgres(connection, schema);
    }

    /** The MariaDB functions and procedures of the connection's database that can be called by name. */
    public static List<Function> reflectMariadb(Connection connection) throws SQLException {
        return MariadbRoutines.read(connection);
    }

    /**
     * @param postgres reflected functions: PostgreSQL's of {@code schema}, or MariaDB's
     * @param queries the config file's named queries (SQLite, or any database)
     */
    public static Functions of(
            Hooks hooks, List<Function> postgres, String schema, List<NamedQuery> queries, Dialect dialect) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Function function : postgres) {
            if (function.name().startsWith("_")) {
                continue; // names that begin with "_" are Tiddly's, for functions as for tables
            }
            entries.put(
                    function.name(),
                    new Entry(
                            function,
                            Optional.of(
                                    function.source().equals("mariadb")
                                            ? mariadb(function, dialect)
                                            : postgres(function, schema, dialect)),
                            Optional.empty()));
        }
        for (NamedQuery query : queries) {
            Writer writer = values -> {
                List<Object> parameters = new ArrayList<>();
                query.parameters().forEach(name -> parameters.add(values.get(name)));
                return new SqlCall(query.sql(), parameters);
            };
            entries.put(query.function().name(), new Entry(query.function(), Optional.of(writer), Optional.empty()));
        }
        hooks.functions()
                .forEach((name, java) -> entries.put(
                        name,
                        new Entry(
                                new Function(name, List.of(), Function.Returns.ROWS, hooks.readOnly(name), "java"),
                                Optional.empty(),
                                Optional.of(java))));
        return new Functions(entries);
    }

    public List<Function> all() {
        return entries.values().stream().map(Entry::function).toList();
    }

    public Optional<Function> find(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::function);
    }

    /** Calls {@code name} with a JSON object's members as its arguments, in {@code sql}'s transaction. */
    public Object call(Identity identity, String name, JsonObject arguments, Sql sql) {
        Entry entry = entry(name);
        Function function = entry.function();
        if (entry.java().isPresent()) {
            Object result = entry.java().get().call(new FunctionCall(identity, JsonArguments.toJava(arguments), sql));
            return function.rows() || !(result instanceof List<?> rows) ? result : scalar(rows);
        }
        SqlCall call = entry.writer().orElseThrow().write(checked(function, arguments));
        Object[] parameters = call.parameters().toArray();
        if (entry.changes()) {
            return sql.update(call.sql(), parameters);
        }
        // one row more than an answer may hold is enough to refuse it: a function that returns
        // millions of rows must not be read into memory first (RpcRoute counts them)
        List<Map<String, Object>> rows = sql.queryAtMost(AnswerTooLargeException.MAX_ROWS + 1, call.sql(), parameters);
        return function.rows() ? rows : scalar(rows);
    }

    /**
     * The statement of a SQL function that reads rows, for arguments checked as {@link #call}
     * checks them, so that its rows can stream from a read connection; empty for any other
     * function (a Java one, a scalar, one that writes), which {@link #call} runs.
     */
    public Optional<SqlCall> streamed(String name, JsonObject arguments) {
        Entry entry = entry(name);
        Function function = entry.function();
        if (entry.writer().isEmpty() || entry.changes() || !function.rows() || !function.readOnly()) {
            return Optional.empty();
        }
        return Optional.of(entry.writer().get().write(checked(function, arguments)));
    }

    private Entry entry(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw RpcException.unknownFunction(name);
        }
        return entry;
    }

    /** A SQL function's arguments, typed like column values: unknown, missing or ill-typed ones are a 400. */
    private static Map<String, Object> checked(Function function, JsonObject arguments) {
        String name = function.name();
        for (String argument : arguments.keySet()) {
            if (function.arguments().stream().noneMatch(known -> known.name().equals(argument))) {
                throw RpcException.unknownArgument(name, argument);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Argument argument : function.arguments()) {
            JsonElement value = arguments.get(argument.name());
            if (value == null) {
                if (!argument.optional()) {
                    throw RpcException.missingArgument(name, argument.name());
                }
                continue;
            }
            try {
                values.put(argument.name(), ColumnValues.fromJson(argument.column(), value));
            } catch (ColumnValues.InvalidValue problem) {
                throw RpcException.invalidArgument(argument.name(), problem.getMessage());
            }
        }
        return values;
    }

    /** A query string's parameters as the JSON object a POST would send: text, checked by type later. */
    public JsonObject fromQuery(String name, Map<String, List<String>> params) {
        JsonObject arguments = new JsonObject();
        Optional<Function> function = find(name);
        params.forEach((key, values) -> {
            String text = values.get(values.size() - 1);
            Optional<Argument> argument = function.flatMap(found ->
                    found.arguments().stream().filter(a -> a.name().equals(key)).findFirst());
            if (argument.isPresent()) {
                try { // typed from its text as a URL filter is, then given as JSON
                    arguments.add(
                            key,
                            JsonArguments.toJson(
                                    ColumnValues.fromText(argument.get().column(), text)));
                } catch (ColumnValues.InvalidValue problem) {
                    throw RpcException.invalidArgument(key, problem.getMessage());
                }
            } else {
                arguments.addProperty(key, text);
            }
        });
        return arguments;
    }

    private static Writer postgres(Function function, String schema, Dialect dialect) {
        String qualified = dialect.quote(schema) + "." + dialect.quote(function.name());
        return values -> {
            List<String> named = new ArrayList<>();
            List<Object> parameters = new ArrayList<>();
            for (Argument argument : function.arguments()) {
                if (values.containsKey(argument.name())) { // named notation: the defaults fill the rest
                    named.add(dialect.quote(argument.name()) + " => CAST(? AS " + argument.sqlType() + ")");
                    parameters.add(values.get(argument.name()));
                }
            }
            String call = qualified + "(" + String.join(", ", named) + ")";
            return new SqlCall(
                    function.rows()
                            ? "SELECT * FROM " + call
                            : "SELECT " + call + " AS " + dialect.quote(function.name()),
                    parameters);
        };
    }

    /** {@code SELECT f(?, …)} for a function, {@code CALL p(?, …)} for a procedure: positional, every argument given. */
    private static Writer mariadb(Function function, Dialect dialect) {
        List<String> marks = new ArrayList<>();
        function.arguments().forEach(argument -> marks.add("?"));
        String call = dialect.quote(function.name()) + "(" + String.join(", ", marks) + ")";
        String statement =
                function.rows() ? "CALL " + call : "SELECT " + call + " AS " + dialect.quote(function.name());
        return values -> {
            List<Object> parameters = new ArrayList<>();
            function.arguments().forEach(argument -> parameters.add(values.get(argument.name())));
            return new SqlCall(statement, parameters);
        };
    }

    /** A scalar function's value: the one column of its one row. */
    private static Object scalar(List<?> rows) {
        if (rows.isEmpty() || !(rows.get(0) instanceof Map<?, ?> row) || row.isEmpty()) {
            return null;
        }
        return row.values().iterator().next();
    }
}
