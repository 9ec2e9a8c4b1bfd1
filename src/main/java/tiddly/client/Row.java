package tiddly.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One row of a table, read or new, that remembers what changed: {@link #set} marks a column dirty
 * (setting it back to the value read makes it clean again), {@link #save()} sends only the dirty
 * columns with the row's ETag in {@code If-Match}, and a row may refer to another, unsaved row,
 * which {@link TiddlyClient#save} then writes first in the same batch. Embedded rows are rows of
 * their own. Values are plain Java: whole numbers as Long, other numbers as Double, text, booleans,
 * lists and maps.
 */
public final class Row {
    /** A column that will hold {@code column} of {@code target}, a row not saved yet. */
    record Ref(Row target, String column) {}

    private final TiddlyClient client;
    private final TableSchema table;
    private final Map<String, JsonElement> values = new LinkedHashMap<>();
    private final Map<String, JsonElement> original = new LinkedHashMap<>();
    private final Map<String, Object> embedded = new LinkedHashMap<>();
    private final Map<String, Ref> references = new LinkedHashMap<>();
    private String etag;
    private boolean isNew;
    private boolean deleted;

    private Row(TiddlyClient client, TableSchema table, boolean isNew) {
        this.client = client;
        this.table = table;
        this.isNew = isNew;
    }

    /** A row as the server sent it; its ETag is the row's {@code _etag}, else the answer's header. */
    static Row read(TiddlyClient client, TableSchema table, JsonObject json, Optional<String> etag) {
        Row row = new Row(client, table, false);
        row.absorb(json, etag);
        return row;
    }

    /** A new row, not saved yet, with these values. */
    static Row fresh(TiddlyClient client, TableSchema table, Map<String, ?> values) {
        Row row = new Row(client, table, true);
        values.forEach(row::set);
        return row;
    }

    /** Takes the row as the server now stores it: clean, saved, with its new ETag. */
    void absorb(JsonObject json, Optional<String> header) {
        values.clear();
        original.clear();
        embedded.clear();
        references.clear();
        JsonElement rowEtag = json.get("_etag");
        etag = rowEtag != null && rowEtag.isJsonPrimitive() ? rowEtag.getAsString() : header.orElse(null);
        json.entrySet().forEach(entry -> {
            String name = entry.getKey();
            JsonElement value = entry.getValue();
            if (name.equals("_etag")) {
                return;
            }
            if ((value.isJsonObject() || value.isJsonArray())
                    && client.schema().tables().containsKey(name)) {
                embedded.put(name, embeddedRows(client.schema().table(name), value));
            } else {
                values.put(name, value);
                original.put(name, value);
            }
        });
        isNew = false;
    }

    private Object embeddedRows(TableSchema related, JsonElement value) {
        if (value.isJsonObject()) {
            return read(client, related, value.getAsJsonObject(), Optional.empty());
        }
        List<Row> rows = new ArrayList<>();
        value.getAsJsonArray()
                .forEach(item -> rows.add(read(client, related, item.getAsJsonObject(), Optional.empty())));
        return Collections.unmodifiableList(rows);
    }

    /** The table's name. */
    public String table() {
        return table.name();
    }

    /**
     * A column's value (null when NULL or not read), an embedded relation's row or list of rows,
     * or the unsaved row a column was set to.
     */
    public Object get(String name) {
        if (references.containsKey(name)) {
            return references.get(name).target();
        }
        if (embedded.containsKey(name)) {
            return embedded.get(name);
        }
        return Json.value(values.get(name));
    }

    public String getString(String column) {
        Object value = get(column);
        return value == null ? null : value.toString();
    }

    public Long getLong(String column) {
        Object value = get(column);
        return value == null ? null : ((Number) value).longValue();
    }

    public Double getDouble(String column) {
        Object value = get(column);
        return value == null ? null : ((Number) value).doubleValue();
    }

    public Boolean getBoolean(String column) {
        return (Boolean) get(column);
    }

    /** An embedded many-to-one row, empty when its foreign key is NULL. */
    public Optional<Row> getRow(String relation) {
        Object value = get(relation);
        return value instanceof Row row ? Optional.of(row) : Optional.empty();
    }

    /** An embedded one-to-many list of rows. */
    @SuppressWarnings("unchecked")
    public List<Row> getRows(String relation) {
        Object value = get(relation);
        return value instanceof List<?> ? (List<Row>) value : List.of();
    }

    /** The columns as read and set, in order, as plain Java values (embedded rows left out). */
    public Map<String, Object> values() {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> copy.put(name, Json.value(value)));
        references.forEach((name, ref) -> copy.put(name, ref.target()));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Sets a column. A {@link Row} as the value sets a foreign key: {@code set("author_id", author)}
     * or, by the relation's name, {@code set("author", author)}; when that row is not saved yet, the
     * key is filled in when both are saved by {@link TiddlyClient#save}.
     */
    public Row set(String column, Object value) {
        if (deleted) {
            throw TiddlyClientException.local("row_deleted", "this row of '" + table.name() + "' was deleted");
        }
        if (value instanceof Row target) {
            return refer(column, target);
        }
        if (!table.hasColumn(column)) {
            throw TiddlyClientException.local(
                    "unknown_column", "unknown column '" + column + "' in a row of table '" + table.name() + "'");
        }
        references.remove(column);
        values.put(column, Json.tree(value));
        return this;
    }

    private Row refer(String name, Row target) {
        Optional<TableSchema.ForeignKey> key = table.hasColumn(name)
                ? table.foreignKeyOf(name).filter(fk -> fk.references().equals(target.table()))
                : name.equals(target.table()) ? table.foreignKeyTo(target.table()) : Optional.empty();
        if (key.isEmpty()) {
            throw TiddlyClientException.local(
                    "not_a_reference",
                    "'" + name + "' of table '" + table.name() + "' is no foreign key to table '" + target.table()
                            + "'");
        }
        String column = key.get().columns().get(0);
        String referenced = key.get().referencedColumns().get(0);
        if (target.isNew()) {
            references.put(column, new Ref(target, referenced));
            return this;
        }
        return set(column, target.get(referenced));
    }

    /** The names of the columns changed since the row was read or saved. */
    public Set<String> dirty() {
        Set<String> names = new LinkedHashSet<>();
        values.forEach((name, value) -> {
            if (!value.equals(original.get(name))) {
                names.add(name);
            }
        });
        names.addAll(references.keySet());
        return names;
    }

    /** The changed columns and their new values. */
    public Map<String, Object> changes() {
        Map<String, Object> changes = new LinkedHashMap<>();
        dirty().forEach(name -> changes.put(name, get(name)));
        return Collections.unmodifiableMap(changes);
    }

    /** Whether a save has anything to send: a new row, or a changed one. */
    public boolean isDirty() {
        return isNew || !dirty().isEmpty();
    }

    /** Whether the row was never saved. */
    public boolean isNew() {
        return isNew;
    }

    public boolean isDeleted() {
        return deleted;
    }

    /** The row's ETag as the server gave it, sent back in {@code If-Match}. */
    public Optional<String> etag() {
        return Optional.ofNullable(etag);
    }

    /** Saves the row: its dirty columns, or the whole new row; see {@link TiddlyClient#save}. */
    public Row save() {
        client.writes().save(this);
        return this;
    }

    /** Deletes the row, with its ETag in {@code If-Match}. */
    public void delete() {
        client.writes().delete(this);
        deleted = true;
    }

    /** The primary-key values; a client error {@code no_key} when the row lacks them. */
    public Map<String, Object> key() {
        if (table.primaryKey().isEmpty()) {
            throw TiddlyClientException.local("no_key", "table '" + table.name() + "' has no primary key");
        }
        Map<String, Object> key = new LinkedHashMap<>();
        for (String column : table.primaryKey()) {
            JsonElement value = original.get(column);
            if (value == null || value.isJsonNull()) {
                throw TiddlyClientException.local(
                        "no_key",
                        "this row of '" + table.name() + "' was read without its key column '" + column + "'");
            }
            key.put(column, Json.value(value));
        }
        return key;
    }

    TableSchema schema() {
        return table;
    }

    Map<String, Ref> references() {
        return references;
    }

    /** The JSON of the columns to send: every set column of a new row, the dirty ones of another. */
    Map<String, JsonElement> outgoing() {
        Map<String, JsonElement> out = new LinkedHashMap<>();
        for (String name : isNew ? values.keySet() : dirty()) {
            if (values.containsKey(name) && !references.containsKey(name)) {
                out.put(name, values.get(name));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return table.name() + values() + (isNew ? " (new)" : dirty().isEmpty() ? "" : " (changed " + dirty() + ")");
    }
}
