package tiddly.client;

import com.google.gson.JsonElement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tables the caller may read, from {@code /_schema}: the whitelist that lets the client refuse
 * an unknown table, column or relation while a query is built.
 */
final class ClientSchema {
    private final Map<String, TableSchema> tables = new LinkedHashMap<>();

    ClientSchema(JsonElement data) {
        for (JsonElement table : data.getAsJsonArray()) {
            TableSchema schema = TableSchema.read(table.getAsJsonObject());
            tables.put(schema.name(), schema);
        }
    }

    Map<String, TableSchema> tables() {
        return tables;
    }

    TableSchema table(String name) {
        TableSchema table = tables.get(name);
        if (table == null) {
            throw TiddlyClientException.local(
                    "unknown_table", "unknown table '" + name + "'; this caller may read " + tables.keySet());
        }
        return table;
    }

    /**
     * Whether {@code name} is a relation of {@code table} (docs/API.md, "has"): a table that
     * {@code table} refers to, or one that refers to it, by a single-column foreign key.
     */
    boolean isRelation(TableSchema table, String name) {
        if (table.foreignKeyTo(name).isPresent()) {
            return true;
        }
        return Optional.ofNullable(tables.get(name))
                .flatMap(other -> other.foreignKeyTo(table.name()))
                .isPresent();
    }
}
