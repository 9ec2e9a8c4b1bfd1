package tiddly.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table as {@code /_schema} shows it to the caller: its columns in table order, those of them that
 * are hidden (written but never read nor filtered on), its primary key and foreign keys.
 */
public record TableSchema(
        String name,
        boolean view,
        List<String> columns,
        List<String> hidden,
        List<String> primaryKey,
        List<ForeignKey> foreignKeys) {

    /** A foreign key: {@code columns} of this table refer to {@code referencedColumns} of {@code references}. */
    public record ForeignKey(List<String> columns, String references, List<String> referencedColumns) {}

    public TableSchema {
        columns = List.copyOf(columns);
        hidden = List.copyOf(hidden);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
    }

    static TableSchema read(JsonObject table) {
        List<String> columns = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (JsonElement column : table.getAsJsonArray("columns")) {
            JsonObject object = column.getAsJsonObject();
            String name = object.get("name").getAsString();
            columns.add(name);
            JsonElement isHidden = object.get("hidden");
            if (isHidden != null && isHidden.getAsBoolean()) {
                hidden.add(name);
            }
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        JsonElement keys = table.get("foreign_keys");
        if (keys != null && keys.isJsonArray()) {
            for (JsonElement key : keys.getAsJsonArray()) {
                JsonObject object = key.getAsJsonObject();
                foreignKeys.add(new ForeignKey(
                        strings(object.get("columns")),
                        object.get("references").getAsString(),
                        strings(object.get("referenced_columns"))));
            }
        }
        JsonElement view = table.get("view");
        return new TableSchema(
                table.get("name").getAsString(),
                view != null && view.getAsBoolean(),
                columns,
                hidden,
                strings(table.get("primary_key")),
                foreignKeys);
    }

    private static List<String> strings(JsonElement array) {
        List<String> names = new ArrayList<>();
        if (array != null && array.isJsonArray()) {
            array.getAsJsonArray().forEach(name -> names.add(name.getAsString()));
        }
        return names;
    }

    /** Whether the table has {@code column}, hidden or not: a row may write it. */
    public boolean hasColumn(String column) {
        return columns.contains(column);
    }

    /** Whether {@code column} can be read and filtered on: a column that is not hidden. */
    public boolean readable(String column) {
        return columns.contains(column) && !hidden.contains(column);
    }

    /** The single-column foreign key of {@code column}, if it has one. */
    Optional<ForeignKey> foreignKeyOf(String column) {
        return foreignKeys.stream()
                .filter(key -> key.columns().equals(List.of(column)))
                .findFirst();
    }

    /** The single-column foreign key that refers to {@code table}, if there is one. */
    Optional<ForeignKey> foreignKeyTo(String table) {
        return foreignKeys.stream()
                .filter(key -> key.columns().size() == 1 && key.references().equals(table))
                .findFirst();
    }
}
