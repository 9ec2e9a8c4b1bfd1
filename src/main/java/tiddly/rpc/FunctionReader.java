package tiddly.rpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tiddly.schema.ColumnType;

/**
 * PostgreSQL functions of the served schema that {@code /_rpc} can call: plain functions (not
 * procedures, aggregates or triggers) whose arguments are all named input arguments. A function
 * that returns {@code record} (without {@code OUT} arguments, which are left out) cannot be called
 * without a column definition list, which a call does not give: it is left out too.
 */
final class FunctionReader {
    private static final String FUNCTIONS = """
            SELECT p.proname AS name, p.proretset AS retset, p.provolatile AS volatility,
                   t.typtype = 'c' AS composite, p.pronargdefaults AS defaults,
                   array_to_json(coalesce(p.proargnames, '{}'))::text AS names,
                   array_to_json(array(SELECT format_type(a, NULL)
                                        FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS u(a, i) ORDER BY i))::text
                       AS types
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_type t ON t.oid = p.prorettype
            WHERE n.nspname = ? AND p.prokind = 'f' AND p.proargmodes IS NULL
              AND t.typname NOT IN ('trigger', 'event_trigger', 'internal')
              AND t.oid <> 'record'::regtype
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            ORDER BY p.proname""";

    private FunctionReader() {}

    /** The callable functions of {@code schema}; overloaded names are left out (a call names no types). */
    static List<Function> postgres(Connection connection, String schema) throws SQLException {
        List<Function> functions = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        List<String> overloaded = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(FUNCTIONS)) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString("name");
                    if (seen.contains(name)) {
                        overloaded.add(name);
                        continue;
                    }
                    seen.add(name);
                    JsonArray names =
                            JsonParser.parseString(rows.getString("names")).getAsJsonArray();
                    JsonArray types =
                            JsonParser.parseString(rows.getString("types")).getAsJsonArray();
                    if (names.size() != types.size()
                            || names.asList().stream()
                                    .anyMatch(n -> n.getAsString().isEmpty())) {
                        continue; // an unnamed argument cannot be given by name
                    }
                    int defaults = rows.getInt("defaults");
                    List<Argument> arguments = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        String type = types.get(i).getAsString();
                        arguments.add(new Argument(
                                names.get(i).getAsString(),
                                ColumnType.ofServer(type, type.startsWith("json")),
                                type,
                                i >= names.size() - defaults));
                    }
                    boolean readOnly = !rows.getString("volatility").equals("v");
                    boolean setOfRows = rows.getBoolean("retset") || rows.getBoolean("composite");
                    functions.add(new Function(
                            name,
                            arguments,
                            setOfRows ? Function.Returns.ROWS : Function.Returns.SCALAR,
                            readOnly,
                            "postgres"));
                }
            }
        }
        functions.removeIf(function -> overloaded.contains(function.name()));
        return functions;
    }
}
