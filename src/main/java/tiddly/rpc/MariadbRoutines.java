package tiddly.rpc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tiddly.schema.ColumnType;

/**
 * MariaDB stored functions and procedures of the served database that {@code /_rpc} can call:
 * those whose parameters are all named IN parameters. A function answers its one value; a
 * procedure its first result set, as rows. A function declared {@code NO SQL} or {@code READS SQL
 * DATA} is read-only; procedures never are (MariaDB does not enforce what they declare, and a
 * procedure's rows are only final once its transaction commits).
 */
final class MariadbRoutines {
    private static final String ROUTINES = """
            SELECT r.ROUTINE_NAME AS name, r.ROUTINE_TYPE AS kind, r.SQL_DATA_ACCESS AS access,
                   p.PARAMETER_NAME AS parameter, p.PARAMETER_MODE AS mode, p.DATA_TYPE AS type
            FROM information_schema.ROUTINES r
            LEFT JOIN information_schema.PARAMETERS p
              ON p.SPECIFIC_SCHEMA = r.ROUTINE_SCHEMA AND p.SPECIFIC_NAME = r.SPECIFIC_NAME
             AND p.ROUTINE_TYPE = r.ROUTINE_TYPE AND p.ORDINAL_POSITION > 0
            WHERE r.ROUTINE_SCHEMA = DATABASE() AND r.ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')
            ORDER BY r.ROUTINE_NAME, r.ROUTINE_TYPE, p.ORDINAL_POSITION""";

    /** A routine as its rows of the query above add up. */
    private static final class Routine {
        final String name;
        final boolean procedure;
        final boolean readOnly;
        final List<Argument> arguments = new ArrayList<>();
        boolean callable = true;

        Routine(String name, boolean procedure, boolean readOnly) {
            this.name = name;
            this.procedure = procedure;
            this.readOnly = readOnly;
        }
    }

    private MariadbRoutines() {}

    /** The callable routines; a name that is both a function and a procedure is left out (a call names one). */
    static List<Function> read(Connection connection) throws SQLException {
        Map<String, Routine> routines = new LinkedHashMap<>();
        List<String> twice = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(ROUTINES);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString("name");
                boolean procedure = rows.getString("kind").equals("PROCEDURE");
                Routine routine = routines.get(name);
                if (routine == null) {
                    boolean reads = Set.of("NO SQL", "READS SQL DATA").contains(rows.getString("access"));
                    routine = new Routine(name, procedure, reads && !procedure);
                    routines.put(name, routine);
                } else if (routine.procedure != procedure) {
                    twice.add(name);
                    continue;
                }
                String parameter = rows.getString("parameter");
                if (parameter == null) {
                    continue; // no parameters: the one row of the LEFT JOIN
                }
                String mode = rows.getString("mode");
                if (mode != null && !mode.equals("IN")) {
                    routine.callable = false; // OUT and INOUT parameters have no place in a JSON call
                }
                String type = rows.getString("type");
                routine.arguments.add(
                        new Argument(parameter, ColumnType.ofServer(type, type.equals("json")), type, false));
            }
        }
        List<Function> functions = new ArrayList<>();
        for (Routine routine : routines.values()) {
            if (routine.callable && !twice.contains(routine.name)) {
                functions.add(new Function(
                        routine.name,
                        routine.arguments,
                        routine.procedure ? Function.Returns.ROWS : Function.Returns.SCALAR,
                        routine.readOnly,
                        "mariadb"));
            }
        }
        return functions;
    }
}
