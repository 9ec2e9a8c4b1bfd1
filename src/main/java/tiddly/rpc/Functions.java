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
import tiddly.sql.Dialect;

/**
 * The functions {@code /_rpc/name} calls, by name: Java functions first, then SQL ones (a Java
 * function hides a SQL function of the same name). A call checks its named arguments like column
 * values, binds them (never splices), and gives rows or a scalar.
 */
public final class Functions {
    /** How one function runs, once its arguments are checked. */
    private interface Body {
        Object call(Identity identity, Map<String, Object> values, Map<String, Object> given, Sql sql);
    }

    private record Entry(Function function, Body body) {}

    private final Map<String, Entry> entries;

    private Functions(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static final Functions NONE = new Functions(Map.of());

    /** The PostgreSQL functions of {@code schema} that can be called by name. */
    public static List<Function> reflect(Connection connection, String schema) throws SQLException {
        return FunctionReader.postgres(connection, schema);
    }

    /**
     * @param postgres reflected functions of {@code schema}
     * @param queries the config file's named queries (SQLite, or any database)
     */
    public static Functions of(
            Hooks hooks, List<Function> postgres, String schema, List<NamedQuery> queries, Dialect dialect) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Function function : postgres) {
            entries.put(function.name(), new Entry(function, postgres(function, schema, dialect)));
        }
        for (NamedQuery query : queries) {
            entries.put(query.function().name(), new Entry(query.function(), (identity, values, given, sql) -> {
                List<Object> parameters = new ArrayList<>();
                query.parameters().forEach(name -> parameters.add(values.get(name)));
                return query.changes()
                        ? (Object) sql.update(query.sql(), parameters.toArray())
                        : sql.query(query.sql(), parameters.toArray());
            }));
        }
        hooks.functions()
                .forEach((name, java) -> entries.put(
                        name,
                        new Entry(
                                new Function(name, List.of(), true, hooks.readOnly(name), "java"),
                                (identity, values, given, sql) -> java(java, identity, given, sql))));
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
        Entry entry = entries.get(name);
        if (entry == null) {
            throw RpcException.unknownFunction(name);
        }
        Map<String, Object> given = JsonArguments.toJava(arguments);
        Map<String, Object> values = new LinkedHashMap<>();
        Function function = entry.function();
        if (!function.source().equals("java")) {
            for (String argument : arguments.keySet()) {
                if (function.arguments().stream()
                        .noneMatch(known -> known.name().equals(argument))) {
                    throw RpcException.unknownArgument(name, argument);
                }
            }
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
        }
        Object result = entry.body().call(identity, values, given, sql);
        return function.rows() || !(result instanceof List<?> rows) ? result : scalar(rows);
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

    private static Body postgres(Function function, String schema, Dialect dialect) {
        String qualified = dialect.quote(schema) + "." + dialect.quote(function.name());
        return (identity, values, given, sql) -> {
            List<String> named = new ArrayList<>();
            List<Object> parameters = new ArrayList<>();
            for (Argument argument : function.arguments()) {
                if (values.containsKey(argument.name())) { // named notation: the defaults fill the rest
                    named.add(dialect.quote(argument.name()) + " => CAST(? AS " + argument.sqlType() + ")");
                    parameters.add(values.get(argument.name()));
                }
            }
            String call = qualified + "(" + String.join(", ", named) + ")";
            String statement = function.rows()
                    ? "SELECT * FROM " + call
                    : "SELECT " + call + " AS " + dialect.quote(function.name());
            return sql.query(statement, parameters.toArray());
        };
    }

    private static Object java(JavaFunction java, Identity identity, Map<String, Object> given, Sql sql) {
        return java.call(new FunctionCall(identity, given, sql));
    }

    /** A scalar function's value: the one column of its one row. */
    private static Object scalar(List<?> rows) {
        if (rows.isEmpty() || !(rows.get(0) instanceof Map<?, ?> row) || row.isEmpty()) {
            return null;
        }
        return row.values().iterator().next();
    }
}
