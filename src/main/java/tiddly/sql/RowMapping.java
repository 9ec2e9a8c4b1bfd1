package tiddly.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/** A result row → column name → value, typed by the statement's columns. */
final class RowMapping {
    private RowMapping() {}

    /** One row: its columns by name, then, for a versioned statement, its ETag as {@code _etag}. */
    static Map<String, Object> row(ResultSet resultSet, Statement statement, Versions versions) throws SQLException {
        List<Column> columns = statement.columns();
        Map<String, Object> row = new LinkedHashMap<>(columns.size() * 2 + 2);
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            Object value = resultSet.getObject(i + 1);
            if (column.type() == ColumnType.BOOLEAN && value instanceof Number number) {
                value = number.longValue() != 0; // SQLite stores booleans as 0 and 1
            } else if (value instanceof Integer small) {
                value = small.longValue(); // one type per integer, so keys from two tables compare equal
            }
            row.put(column.name(), value);
        }
        if (statement.versioned()) {
            row.put(Database.ETAG, versions.etag(resultSet.getString(columns.size() + 1)));
        }
        return row;
    }
}
