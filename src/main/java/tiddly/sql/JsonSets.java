package tiddly.sql;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import tiddly.query.JsonEdits;
import tiddly.schema.Column;

/**
 * {@link JsonEdits} → the new value of a JSON column, computed by the database inside the
 * UPDATE, so an edit never overwrites a concurrent change of another path (no read, then write).
 * The three functions differ where a path leads nowhere (SQLite's json_set creates what is
 * missing, PostgreSQL's jsonb_set and MariaDB's JSON_SET do not; a position past the end appends
 * on some), so every edit is guarded the same way: a key needs its parent to be an object, a
 * position an existing element of an array. If any edit's guard fails, or the column is NULL or
 * not JSON, the column is left as it is. Edits never lie inside one another (the parser checks),
 * so each guard can read the document as it was.
 */
final class JsonSets {
    private JsonSets() {}

    static String sqlite(String column, JsonEdits edits, List<Object> parameters) {
        StringJoiner guards = new StringJoiner(" AND ", "CASE WHEN json_valid(" + column + ") THEN ", " END");
        for (JsonEdits.Edit edit : edits.edits()) {
            parameters.add(JsonFilters.pathText(edit.parent()));
            if (last(edit) instanceof Integer) {
                parameters.add(JsonFilters.pathText(edit.path()));
                guards.add("json_type(" + column + ", ?) = 'array' AND json_type(" + column + ", ?) IS NOT NULL");
            } else {
                guards.add("json_type(" + column + ", ?) = 'object'");
            }
        }
        StringJoiner set = new StringJoiner(", ", "json_set(" + column + ", ", ")");
        for (JsonEdits.Edit edit : edits.edits()) {
            set.add("?, json(?)");
            parameters.add(JsonFilters.pathText(edit.path()));
            parameters.add(edit.json());
        }
        return "CASE WHEN " + guards + " THEN " + set + " ELSE " + column + " END";
    }

    static String postgres(String column, Column declared, JsonEdits edits, List<Object> parameters) {
        String document = column + "::jsonb";
        StringJoiner guards = new StringJoiner(" AND ");
        for (JsonEdits.Edit edit : edits.edits()) {
            if (last(edit) instanceof Integer) {
                guards.add("jsonb_typeof(" + document + " #> " + JsonFilters.postgresPath(edit.parent(), parameters)
                        + ") = 'array' AND (" + document + " #> " + JsonFilters.postgresPath(edit.path(), parameters)
                        + ") IS NOT NULL");
            } else {
                guards.add("jsonb_typeof(" + document + " #> " + JsonFilters.postgresPath(edit.parent(), parameters)
                        + ") = 'object'");
            }
        }
        String set = document;
        for (JsonEdits.Edit edit : edits.edits()) {
            set = "jsonb_set(" + set + ", " + JsonFilters.postgresPath(edit.path(), parameters) + ", ?::jsonb)";
            parameters.add(edit.json());
        }
        boolean jsonb = declared.declaredType().toLowerCase(Locale.ROOT).contains("jsonb");
        return "CASE WHEN " + guards + " THEN (" + set + ")" + (jsonb ? "" : "::json") + " ELSE " + column + " END";
    }

    static String mariadb(String column, JsonEdits edits, List<Object> parameters) {
        StringJoiner guards = new StringJoiner(" AND ");
        for (JsonEdits.Edit edit : edits.edits()) {
            parameters.add(JsonFilters.pathText(edit.parent()));
            if (last(edit) instanceof Integer) {
                parameters.add(JsonFilters.pathText(edit.path()));
                guards.add("JSON_TYPE(JSON_EXTRACT(" + column + ", ?)) = 'ARRAY' AND JSON_EXTRACT(" + column
                        + ", ?) IS NOT NULL");
            } else {
                guards.add("JSON_TYPE(JSON_EXTRACT(" + column + ", ?)) = 'OBJECT'");
            }
        }
        StringJoiner set = new StringJoiner(", ", "JSON_SET(" + column + ", ", ")");
        for (JsonEdits.Edit edit : edits.edits()) {
            // JSON_EXTRACT(?, '$') makes the text a JSON value; a plain string would be set as a string.
            set.add("?, JSON_EXTRACT(?, '$')");
            parameters.add(JsonFilters.pathText(edit.path()));
            parameters.add(edit.json());
        }
        return "CASE WHEN " + guards + " THEN " + set + " ELSE " + column + " END";
    }

    private static Object last(JsonEdits.Edit edit) {
        return edit.path().get(edit.path().size() - 1);
    }
}
