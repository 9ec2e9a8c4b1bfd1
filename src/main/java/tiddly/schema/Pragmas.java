package tiddly.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLite's catalogue queries over plain JDBC: at start-up, Jdbi's statement machinery cost a
 * third of a second of class loading before the first request needed it.
 */
final class Pragmas {
    private final Connection connection;

    Pragmas(Connection connection) {
        this.connection = connection;
    }

    /** Each row as column label → value, in column order. */
    List<Map<String, Object>> rows(String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = prepared(sql, parameters);
                ResultSet result = statement.executeQuery()) {
            int width = result.getMetaData().getColumnCount();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= width; i++) {
                    row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The first column of each row, as text. */
    List<String> names(String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = prepared(sql, parameter);
                ResultSet result = statement.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (result.next()) {
                names.add(result.getString(1));
            }
            return names;
        }
    }

    private PreparedStatement prepared(String sql, String... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setString(i + 1, parameters[i]);
        }
        return statement;
    }
}
