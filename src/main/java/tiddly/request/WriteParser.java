package tiddly.request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tiddly.query.Delete;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Precondition;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Table;

/** POST, PUT and DELETE bodies → {@link Insert}, {@link Update}, {@link Delete}. */
final class WriteParser {
    private static final Set<String> BULK_KEYS = Set.of("where", "set", "all");

    private final Relations relations;

    WriteParser(Relations relations) {
        this.relations = relations;
    }

    Insert insert(Table table, JsonElement body, Map<String, List<String>> params) {
        Optional<OnConflict> onConflict = onConflict(table, params);
        Map<String, String> problems = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        if (body.isJsonArray()) {
            JsonArray array = body.getAsJsonArray();
            if (array.isEmpty()) {
                throw BadRequestException.invalidBody("nothing to insert: the array is empty");
            }
            if (array.size() > Limits.ROWS) {
                throw new TooManyRowsException(array.size());
            }
            for (int i = 0; i < array.size(); i++) {
                JsonObject object = Bodies.object(array.get(i), "each element of the array");
                rows.add(RowParser.parse(table, object, true, i + ".", problems));
            }
        } else {
            rows.add(RowParser.parse(table, Bodies.object(body, "the POST body"), true, "", problems));
        }
        throwIfAny(problems);
        return new Insert(table, rows, !body.isJsonArray(), onConflict);
    }

    /** PUT /t/k. */
    Update updateByKey(Table table, Where.Compare key, JsonElement body, Optional<Precondition> precondition) {
        Row row = row(table, Bodies.object(body, "the PUT body"));
        Object given = row.values().get(key.column());
        if (row.values().containsKey(key.column()) && !key.value().equals(given)) {
            throw BadRequestException.invalidKey("the body's '" + key.column().name()
                    + "' differs from the key in the URL;" + " a row's key cannot be changed with PUT");
        }
        return new Update(table, key, withoutKey(table, row), true, precondition);
    }

    /** PUT /t: either {"where": W, "set": {...}} for many rows, or one row's columns with its key. */
    Update update(Table table, JsonElement body, Optional<Precondition> precondition) {
        JsonObject object = Bodies.object(body, "the PUT body");
        if (object.has("set") || object.has("where")) {
            JsonObject bulk = Bodies.keyed(object, "the PUT body", BULK_KEYS, "where, set or all");
            Row values = row(table, Bodies.object(Bodies.member(bulk, "set"), "'set'"));
            if (values.values().isEmpty()) {
                throw BadRequestException.invalidBody("nothing to update: 'set' is empty");
            }
            return new Update(table, bulkWhere(table, bulk, "PUT", precondition), values, false, Optional.empty());
        }
        if (table.primaryKey().isEmpty()) {
            throw BadRequestException.invalidKey("table '" + table.name() + "' has no primary key to update by");
        }
        Row row = row(table, object);
        List<Where> keyParts = new ArrayList<>();
        for (Column key : table.primaryKey()) {
            Object value = row.values().get(key);
            if (value == null) {
                throw BadRequestException.invalidKey("PUT /" + table.name() + " needs the primary key '" + key.name()
                        + "' in the body, or use PUT /" + table.name() + "/<key>");
            }
            keyParts.add(new Where.Compare(key, Where.Operator.EQ, value));
        }
        Where where = keyParts.size() == 1 ? keyParts.get(0) : new Where.And(keyParts);
        return new Update(table, where, withoutKey(table, row), true, precondition);
    }

    /** DELETE /t: {"where": W}, or {"all": true} for every row. */
    Delete delete(Table table, JsonElement body, Optional<Precondition> precondition) {
        JsonObject object = Bodies.keyed(body, "the DELETE body", Set.of("where", "all"), "where or all");
        return new Delete(table, bulkWhere(table, object, "DELETE", precondition), false, Optional.empty());
    }

    /** A bulk write's where: required unless "all": true, so that a forgotten where never hits every row. */
    private Where bulkWhere(Table table, JsonObject body, String verb, Optional<Precondition> precondition) {
        if (precondition.isPresent() && !precondition.get().etags().equals(List.of("*"))) {
            throw BadRequestException.invalidBody("If-Match on a " + verb + " of many rows can only be *");
        }
        Where where = WhereParser.parse(table, Bodies.member(body, "where"), relations); // has works as in reads
        if (where.equals(Where.ALL) && !Bodies.flag(body, "all")) {
            throw BadRequestException.whereRequired(
                    verb + " /" + table.name() + " needs a non-empty 'where' in the body,"
                            + " or \"all\": true; to " + (verb.equals("PUT") ? "update" : "delete") + " one row use "
                            + verb + " /" + table.name() + "/<key>");
        }
        return where;
    }

    private static Optional<OnConflict> onConflict(Table table, Map<String, List<String>> params) {
        for (String name : params.keySet()) {
            if (!name.equals("on_conflict") && !name.equals("on_conflict_columns")) {
                throw BadRequestException.invalidBody(
                        "unknown query parameter '" + name + "' for POST; expected on_conflict or on_conflict_columns");
            }
        }
        List<String> action = params.get("on_conflict");
        if (action == null) {
            if (params.containsKey("on_conflict_columns")) {
                throw BadRequestException.invalidBody(
                        "on_conflict_columns needs on_conflict=update or on_conflict=ignore");
            }
            return Optional.empty();
        }
        if (action.size() != 1
                || !(action.get(0).equals("update") || action.get(0).equals("ignore"))) {
            throw BadRequestException.invalidBody("on_conflict must be 'update' or 'ignore'");
        }
        List<Column> target = conflictTarget(table, params.getOrDefault("on_conflict_columns", List.of()));
        return Optional.of(new OnConflict(
                action.get(0).equals("update") ? OnConflict.Action.UPDATE : OnConflict.Action.IGNORE, target));
    }

    /** The named columns, which must be the key or a unique key; by default the key. */
    private static List<Column> conflictTarget(Table table, List<String> given) {
        if (given.isEmpty()) {
            if (table.primaryKey().isEmpty()) {
                throw BadRequestException.invalidBody("table '" + table.name() + "' has no primary key;"
                        + " name unique columns with on_conflict_columns");
            }
            return table.primaryKey();
        }
        List<Column> columns = new ArrayList<>();
        for (String name : given.get(0).split(",")) {
            columns.add(Columns.readable(table, name.strip(), "on_conflict_columns"));
        }
        Set<Column> named = new HashSet<>(columns);
        if (table.uniqueKeys().stream().noneMatch(key -> new HashSet<>(key).equals(named))) {
            throw BadRequestException.invalidBody("on_conflict_columns (" + given.get(0) + ") must be the primary key"
                    + " or a unique key of '" + table.name() + "'");
        }
        return columns;
    }

    private static Row row(Table table, JsonObject object) {
        Map<String, String> problems = new LinkedHashMap<>();
        Row row = RowParser.parse(table, object, false, "", problems);
        throwIfAny(problems);
        return row;
    }

    private static Row withoutKey(Table table, Row row) {
        Map<Column, Object> values = new LinkedHashMap<>(row.values());
        table.primaryKey().forEach(values::remove);
        if (values.isEmpty()) {
            throw BadRequestException.invalidBody("nothing to update: the body names no column besides the key");
        }
        return new Row(values);
    }

    private static void throwIfAny(Map<String, String> problems) {
        if (!problems.isEmpty()) {
            throw BadRequestException.invalidRow(problems);
        }
    }
}
