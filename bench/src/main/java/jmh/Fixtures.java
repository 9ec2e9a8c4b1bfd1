package jmh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/** The benchmark's item table as SchemaReader would reflect it, built by hand: no database. */
final class Fixtures {
    static final int MAX_LIMIT = 1000;

    private Fixtures() {}

    static Schema schema() {
        Column id = new Column("id", "INTEGER", ColumnType.INTEGER, false, Optional.empty(), true, true, false, false);
        List<Column> columns = List.of(
                id,
                column("name", "TEXT", false),
                column("price", "REAL", true),
                column("category", "TEXT", true),
                column("created_at", "TEXT", true));
        Table item = new Table("item", false, columns, List.of(id), List.of(List.of(id)), List.of());
        return new Schema(List.of(item));
    }

    private static Column column(String name, String declared, boolean nullable) {
        return new Column(name, declared, ColumnType.ofDeclared(declared), nullable, Optional.empty(), false, false,
                false, false);
    }

    /** Rows as the database stage returns them: column name → value, in table order. */
    static List<Map<String, Object>> rows(int count) {
        List<Map<String, Object>> rows = new ArrayList<>(count);
        for (long id = 1; id <= count; id++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("name", "item-" + id);
            row.put("price", ((id * 7919) % 100000) / 100.0 + 1);
            row.put("category", String.format("c%02d", id % 100));
            row.put("created_at", "2024-01-01T00:00:00Z");
            rows.add(row);
        }
        return rows;
    }
}
