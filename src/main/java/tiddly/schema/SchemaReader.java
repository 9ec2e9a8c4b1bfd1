package tiddly.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * Reads the exposed tables from the database's own catalogue, at start-up and on reload. On
 * SQLite the pragmas give the declared types, which {@code DatabaseMetaData} reports wrongly
 * for BLOB and DATE; database servers are read by {@link ServerSchemaReader}.
 */
public final class SchemaReader {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaReader.class);

    private final Set<String> hiddenColumns;

    /** @param hiddenColumns column names never returned in any response, in any table */
    public SchemaReader(Set<String> hiddenColumns) {
        this.hiddenColumns = Set.copyOf(hiddenColumns);
    }

    public Schema read(Connection connection) throws SQLException {
        if (connection.isWrapperFor(SQLiteConnection.class)) {
            return read(new Pragmas(connection));
        }
        return new ServerSchemaReader(hiddenColumns, connection).read();
    }

    private Schema read(Pragmas handle) throws SQLException {
        List<Table> tables = new ArrayList<>();
        List<Map<String, Object>> entries = handle.rows("SELECT name, type, wr FROM pragma_table_list"
                + " WHERE schema = 'main' AND type IN ('table', 'view', 'virtual')"
                + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
        Map<String, List<SearchIndex>> searchIndexes = new HashMap<>();
        for (Map<String, Object> entry : entries) {
            String name = (String) entry.get("name");
            Optional<String> searched = SearchIndexNames.table(name);
            if (searched.isPresent() && "virtual".equals(entry.get("type"))) {
                searchIndexes
                        .computeIfAbsent(searched.get(), table -> new ArrayList<>())
                        .add(new SearchIndex(
                                name,
                                handle.names(
                                        "SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid", name)));
                continue;
            }
            if (name.startsWith("_")) {
                if (!name.startsWith("_tiddly_")) { // Tiddly's own tables, such as the outbox, are expected
                    LOG.warn("table '{}' is not exposed: names beginning with '_' are reserved", name);
                }
                continue;
            }
            boolean view = "view".equals(entry.get("type"));
            boolean withoutRowid = ((Number) entry.get("wr")).intValue() == 1;
            tables.add(table(handle, name, view, withoutRowid));
        }
        return new Schema(tables.stream()
                .map(table -> table.withSearchIndexes(searchIndexes.getOrDefault(table.name(), List.of())))
                .toList());
    }

    private Table table(Pragmas handle, String name, boolean view, boolean withoutRowid) throws SQLException {
        List<Map<String, Object>> infos = handle.rows(
                "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid", name);
        long keyCount = infos.stream().filter(info -> number(info, "pk") > 0).count();
        List<Column> columns = new ArrayList<>();
        List<Column> key = new ArrayList<>();
        if (keyCount == 0 && !view && !withoutRowid) {
            // A rowid table without a declared key is addressed by its rowid, which is then exposed.
            Column rowid = new Column(
                    "rowid", "INTEGER", ColumnType.INTEGER, false, Optional.empty(), true, true, false, false);
            columns.add(rowid);
            key.add(rowid);
        }
        Column[] keyInOrder = new Column[(int) keyCount];
        for (Map<String, Object> info : infos) {
            int hiddenKind = number(info, "hidden");
            if (hiddenKind == 1) {
                continue; // a virtual table's hidden column
            }
            String columnName = (String) info.get("name");
            String declared = (String) info.get("type");
            int keyPosition = number(info, "pk");
            boolean rowidAlias = keyCount == 1
                    && keyPosition == 1
                    && !withoutRowid
                    && "INTEGER".equals(declared.toUpperCase(Locale.ROOT));
            boolean generatedAlways = hiddenKind == 2 || hiddenKind == 3;
            Column column = new Column(
                    columnName,
                    declared,
                    ColumnType.ofDeclared(declared),
                    number(info, "notnull") == 0 && keyPosition == 0, // SQLite lets a key be NULL; Tiddly does not
                    Optional.ofNullable((String) info.get("dflt_value")),
                    keyPosition > 0,
                    rowidAlias || generatedAlways,
                    generatedAlways,
                    hiddenColumns.contains(columnName));
            columns.add(column);
            if (keyPosition > 0) {
                keyInOrder[keyPosition - 1] = column;
            }
        }
        key.addAll(List.of(keyInOrder));
        List<List<Column>> uniqueKeys = new ArrayList<>();
        if (!key.isEmpty()) {
            uniqueKeys.add(key);
        }
        for (List<String> names : uniqueIndexes(handle, name)) {
            List<Column> unique = columns.stream()
                    .filter(column -> names.contains(column.name()))
                    .toList();
            boolean known =
                    uniqueKeys.stream().anyMatch(other -> Set.copyOf(other).equals(Set.copyOf(unique)));
            if (unique.size() == names.size() && !known) {
                uniqueKeys.add(unique);
            }
        }
        return new Table(name, view, columns, key, uniqueKeys, foreignKeys(handle, name));
    }

    /** The columns of each full (not partial) unique index, which an upsert may name as its target. */
    private static List<List<String>> uniqueIndexes(Pragmas handle, String table) throws SQLException {
        List<String> indexes = handle.names(
                "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1 AND partial = 0 ORDER BY seq", table);
        List<List<String>> keys = new ArrayList<>();
        for (String index : indexes) {
            keys.add(handle.names("SELECT name FROM pragma_index_info(?) ORDER BY seqno", index));
        }
        return keys;
    }

    private static List<ForeignKey> foreignKeys(Pragmas handle, String table) throws SQLException {
        List<Map<String, Object>> rows = handle.rows(
                "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq", table);
        List<ForeignKey> keys = new ArrayList<>();
        int currentId = -1;
        int seq = 0;
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        String referenced = "";
        for (Map<String, Object> row : rows) {
            int id = number(row, "id");
            if (id != currentId && currentId != -1) {
                keys.add(new ForeignKey(from, referenced, to));
                from.clear();
                to.clear();
            }
            seq = id == currentId ? seq + 1 : 0;
            currentId = id;
            referenced = (String) row.get("table");
            from.add((String) row.get("from"));
            Object target = row.get("to");
            to.add(target != null ? (String) target : keyColumn(handle, referenced, seq));
        }
        if (currentId != -1) {
            keys.add(new ForeignKey(from, referenced, to));
        }
        return keys;
    }

    /** A foreign key that names no columns refers to the other table's primary key. */
    private static String keyColumn(Pragmas handle, String table, int position) throws SQLException {
        List<String> key = handle.names("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table);
        return position < key.size() ? key.get(position) : "rowid";
    }

    private static int number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).intValue();
    }
}
