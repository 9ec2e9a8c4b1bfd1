package tiddly.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks the names of a query against the schema while it is built, with the server's codes and
 * words (docs/errors.md), so that a typo fails before any request.
 */
final class NameCheck {
    private final Supplier<ClientSchema> schema;

    NameCheck(Supplier<ClientSchema> schema) {
        this.schema = schema;
    }

    /** A column that may be read, in {@code where} or {@code select} or {@code orderby}. */
    void column(TableSchema table, String column, String clause) {
        if (table.readable(column)) {
            return;
        }
        if (table.hasColumn(column)) {
            throw TiddlyClientException.local(
                    "hidden_column", "column '" + column + "' is hidden and cannot be used in " + clause);
        }
        throw TiddlyClientException.local(
                "unknown_column", "unknown column '" + column + "' in " + clause + " of table '" + table.name() + "'");
    }

    void relation(TableSchema table, String name, String clause) {
        if (!schema.get().isRelation(table, name)) {
            throw TiddlyClientException.local(
                    "unknown_relation",
                    "unknown relation '" + name + "' in " + clause + " of table '" + table.name()
                            + "'; a relation is a table linked to it by a foreign key");
        }
    }

    /** Every column and relation a {@code where} names, through and, or, not and has. */
    void where(TableSchema table, JsonObject where) {
        for (Map.Entry<String, JsonElement> entry : where.entrySet()) {
            String key = entry.getKey();
            JsonElement value = entry.getValue();
            if (table.hasColumn(key)) {
                column(table, key, "where");
            } else if ((key.equals("and") || key.equals("or")) && value.isJsonArray()) {
                value.getAsJsonArray().forEach(item -> nested(table, item));
            } else if (key.equals("not")) {
                nested(table, value);
            } else if (key.equals("search")) {
                continue; // a full-text search names its columns in its own object; the server checks them
            } else if (schema.get().isRelation(table, key)) {
                JsonElement has = value.isJsonObject() ? value.getAsJsonObject().get("has") : null;
                if (has != null && schema.get().tables().containsKey(key)) {
                    nested(schema.get().table(key), has);
                }
            } else {
                throw TiddlyClientException.local(
                        "unknown_column", "unknown column '" + key + "' in where of table '" + table.name() + "'");
            }
        }
    }

    private void nested(TableSchema table, JsonElement where) {
        if (where.isJsonObject()) {
            where(table, where.getAsJsonObject());
        }
    }

    /** An orderby term: a column (or {@code _rank}), then optional words the server reads. */
    void orderTerm(TableSchema table, String term) {
        String trimmed = term.trim();
        if (trimmed.isEmpty()) {
            throw TiddlyClientException.local("invalid_orderby", "'orderby' has an empty term");
        }
        String column = trimmed.split("\\s+", 2)[0];
        if (!column.equals("_rank")) {
            column(table, column, "orderby");
        }
    }
}
