package tiddly.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the exposed tables of a PostgreSQL schema or a MariaDB/MySQL database through JDBC's
 * {@link DatabaseMetaData}, which both drivers answer from the server's catalogue.
 */
final class ServerSchemaReader {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSchemaReader.class);

    private static final String[] TYPES = {"TABLE", "PARTITIONED TABLE", "VIEW", "MATERIALIZED VIEW"};

    private final Set<String> hiddenColumns;
    private final Connection connection;
    private final DatabaseMetaData meta;
    private final boolean postgres;
    private final String catalog;
    private final String schema;
    private Set<String> writableViews = Set.of();

    ServerSchemaReader(Set<String> hiddenColumns, Connection connection) throws SQLException {
        this.hiddenColumns = hiddenColumns;
        this.connection = connection;
        this.meta = connection.getMetaData();
        this.postgres =
                meta.getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        // PostgreSQL serves one schema of the connected database; MariaDB one database ("catalog").
        this.catalog = postgres ? null : connection.getCatalog();
        this.schema = postgres ? connection.getSchema() : null;
        if (postgres && schema == null) {
            throw new SQLException("the schema given with --schema does not exist or cannot be used");
        }
    }

    Schema read() throws SQLException {
        writableViews = postgres ? writableViews() : Set.of();
        Map<String, Boolean> names = new TreeMap<>();
        Map<String, String> comments = new TreeMap<>();
        try (ResultSet tables = meta.getTables(catalog, schema, "%", TYPES)) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME");
                String type = tables.getString("TABLE_TYPE");
                names.put(name, type.contains("VIEW"));
                comment(tables)
                        .filter(text -> postgres || !text.equals("VIEW")) // MariaDB's comment on every view
                        .ifPresent(text -> comments.put(name, text));
            }
        }
        List<Table> tables = new ArrayList<>();
        for (Map.Entry<String, Boolean> entry : names.entrySet()) {
            if (entry.getKey().startsWith("_")) {
                if (!entry.getKey().startsWith("_tiddly_")) { // Tiddly's own tables, such as the outbox, are expected
                    LOG.warn("table '{}' is not exposed: names beginning with '_' are reserved", entry.getKey());
                }
                continue;
            }
            tables.add(table(entry.getKey(), entry.getValue(), Optional.ofNullable(comments.get(entry.getKey()))));
        }
        Map<String, List<SearchIndex>> searchIndexes = postgres ? postgresSearchIndexes() : mariadbSearchIndexes();
        return new Schema(tables.stream()
                .map(table -> table.withSearchIndexes(searchIndexes.getOrDefault(table.name(), List.of())))
                .toList());
    }

    /** A table's or column's comment (REMARKS): COMMENT ON on PostgreSQL, COMMENT on MariaDB; none when blank. */
    private static Optional<String> comment(ResultSet row) throws SQLException {
        return Optional.ofNullable(row.getString("REMARKS")).map(String::strip).filter(text -> !text.isEmpty());
    }

    private Table table(String name, boolean view, Optional<String> comment) throws SQLException {
        Map<String, Integer> keyPositions = new LinkedHashMap<>();
        try (ResultSet keys = meta.getPrimaryKeys(catalog, schema, name)) {
            while (keys.next()) {
                keyPositions.put(keys.getString("COLUMN_NAME"), keys.getInt("KEY_SEQ"));
            }
        }
        Set<String> jsonColumns = postgres ? Set.of() : mariadbJsonColumns(name);
        List<Column> columns = new ArrayList<>();
        try (ResultSet rows = meta.getColumns(catalog, schema, name, "%")) {
            while (rows.next()) {
                String column = rows.getString("COLUMN_NAME");
                if (column.startsWith(SearchIndex.PREFIX)) {
                    continue; // PostgreSQL: the stored document of a search index, never served
                }
                String typeName = rows.getString("TYPE_NAME");
                int jdbcType = rows.getInt("DATA_TYPE");
                boolean key = keyPositions.containsKey(column);
                boolean autoIncrement = "YES".equals(rows.getString("IS_AUTOINCREMENT"));
                boolean generatedColumn = "YES".equals(rows.getString("IS_GENERATEDCOLUMN")) && !autoIncrement;
                ColumnType type =
                        jdbcType == Types.BOOLEAN || (jdbcType == Types.BIT && !typeName.equalsIgnoreCase("bit"))
                                ? ColumnType.BOOLEAN
                                : ColumnType.ofServer(typeName, jsonColumns.contains(column));
                columns.add(new Column(
                        column,
                        typeName,
                        type,
                        rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls && !key,
                        Optional.ofNullable(rows.getString("COLUMN_DEF"))
                                .filter(text -> !text.equalsIgnoreCase("NULL")),
                        key,
                        autoIncrement || generatedColumn,
                        generatedColumn,
                        hiddenColumns.contains(column),
                        comment(rows)));
            }
        }
        List<Column> key = columns.stream()
                .filter(Column::primaryKey)
                .sorted((a, b) -> keyPositions.get(a.name()) - keyPositions.get(b.name()))
                .toList();
        List<List<Column>> uniqueKeys = new ArrayList<>();
        if (!key.isEmpty()) {
            uniqueKeys.add(key);
        }
        for (List<String> names : uniqueIndexes(name)) {
            List<Column> unique = names.stream()
                    .map(column -> columns.stream()
                            .filter(c -> c.name().equals(column))
                            .findFirst())
                    .flatMap(Optional::stream)
                    .toList();
            boolean known =
                    uniqueKeys.stream().anyMatch(other -> Set.copyOf(other).equals(Set.copyOf(unique)));
            if (unique.size() == names.size() && !known) {
                uniqueKeys.add(unique);
            }
        }
        return new Table(
                name,
                view,
                columns,
                key,
                uniqueKeys,
                foreignKeys(name),
                !view || writableViews.contains(name),
                comment);
    }

    /** The columns of each full (not partial, not expression) unique index. */
    private List<List<String>> uniqueIndexes(String table) throws SQLException {
        Map<String, TreeMap<Integer, String>> indexes = new TreeMap<>();
        Set<String> partial = new HashSet<>();
        try (ResultSet rows = meta.getIndexInfo(catalog, schema, table, true, false)) {
            while (rows.next()) {
                String index = rows.getString("INDEX_NAME");
                if (index == null || rows.getBoolean("NON_UNIQUE")) {
                    continue;
                }
                if (rows.getString("FILTER_CONDITION") != null) {
                    partial.add(index);
                }
                indexes.computeIfAbsent(index, i -> new TreeMap<>())
                        .put((int) rows.getShort("ORDINAL_POSITION"), String.valueOf(rows.getString("COLUMN_NAME")));
            }
        }
        List<List<String>> keys = new ArrayList<>();
        indexes.forEach((index, columns) -> {
            if (!partial.contains(index)) {
                keys.add(List.copyOf(columns.values()));
            }
        });
        return keys;
    }

    private List<ForeignKey> foreignKeys(String table) throws SQLException {
        Map<String, List<String[]>> keys = new LinkedHashMap<>();
        try (ResultSet rows = meta.getImportedKeys(catalog, schema, table)) {
            while (rows.next()) {
                boolean sameSchema = postgres
                        ? String.valueOf(schema).equals(rows.getString("PKTABLE_SCHEM"))
                        : String.valueOf(catalog).equals(rows.getString("PKTABLE_CAT"));
                if (!sameSchema) {
                    continue; // a table Tiddly does not serve
                }
                String name = rows.getString("FK_NAME") + "/" + rows.getString("PKTABLE_NAME");
                keys.computeIfAbsent(name, k -> new ArrayList<>()).add(new String[] {
                    rows.getString("FKCOLUMN_NAME"), rows.getString("PKTABLE_NAME"), rows.getString("PKCOLUMN_NAME")
                });
            }
        }
        List<ForeignKey> result = new ArrayList<>();
        for (List<String[]> parts : keys.values()) {
            result.add(new ForeignKey(
                    parts.stream().map(part -> part[0]).toList(),
                    parts.get(0)[1],
                    parts.stream().map(part -> part[2]).toList()));
        }
        return result;
    }

    /** PostgreSQL's automatically updatable views: inserts, updates and deletes go through to the table. */
    private Set<String> writableViews() throws SQLException {
        Set<String> views = new HashSet<>();
        try (var statement = connection.prepareStatement("SELECT table_name FROM information_schema.views"
                + " WHERE table_schema = ? AND is_insertable_into = 'YES' AND is_updatable = 'YES'")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    views.add(rows.getString(1));
                }
            }
        }
        return views;
    }

    /** MariaDB's JSON type is LONGTEXT with a CHECK (json_valid(column)) it adds itself. */
    private Set<String> mariadbJsonColumns(String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (var statement = connection.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
            statement.setString(1, catalog);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String clause = rows.getString(1).replace(" ", "");
                    if (clause.startsWith("json_valid(`") && clause.endsWith("`)")) {
                        columns.add(clause.substring("json_valid(`".length(), clause.length() - 2));
                    }
                }
            }
        } catch (SQLException e) {
            LOG.debug("no CHECK_CONSTRAINTS table (MySQL before 8.0.16): JSON columns read as text", e);
        }
        return columns;
    }

    /**
     * Tiddly's GIN indexes: an expression does not say its columns plainly, so {@code search-index}
     * writes them into the index's comment as a JSON array. The column the index indexes is the
     * document without positions, or (made by an older Tiddly) the index's own column; with the
     * planner's statistics of that column (pg_stats, by the last ANALYZE): the share of rows of its
     * most common words, and the table's rows.
     */
    private Map<String, List<SearchIndex>> postgresSearchIndexes() throws SQLException {
        Map<String, List<SearchIndex>> indexes = new TreeMap<>();
        String sql =
                "SELECT t.relname AS table_name, i.relname AS index_name, obj_description(i.oid, 'pg_class') AS note,"
                        + " a.attname AS indexed, t.reltuples AS table_rows, s.words, s.shares"
                        + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                        + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                        + " LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]"
                        + " LEFT JOIN LATERAL (SELECT most_common_elems::text::text[] AS words,"
                        + " most_common_elem_freqs AS shares FROM pg_stats WHERE schemaname = n.nspname"
                        + " AND tablename = t.relname AND attname = a.attname ORDER BY inherited LIMIT 1) AS s ON true"
                        + " WHERE n.nspname = ? AND i.relname LIKE '\\_search\\_%' ORDER BY i.relname";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Optional<List<String>> columns = SearchIndexNote.columns(rows.getString("note"));
                    if (columns.isPresent()) {
                        indexes.computeIfAbsent(rows.getString("table_name"), table -> new ArrayList<>())
                                .add(new SearchIndex(
                                        rows.getString("index_name"),
                                        columns.get(),
                                        Optional.ofNullable(rows.getString("indexed"))
                                                .orElse(rows.getString("index_name")),
                                        wordShares(rows)));
                    }
                }
            }
        }
        return indexes;
    }

    /**
     * The statistics' words and their shares, which pg_stats gives as two arrays, the second
     * longer by three figures (the least and greatest share, and the share of empty documents).
     */
    private static WordShares wordShares(ResultSet row) throws SQLException {
        java.sql.Array words = row.getArray("words");
        java.sql.Array shares = row.getArray("shares");
        if (words == null || shares == null) {
            return WordShares.NONE;
        }
        String[] word = (String[]) words.getArray();
        Float[] share = (Float[]) shares.getArray();
        Map<String, Double> byWord = new HashMap<>();
        for (int i = 0; i < word.length && i < share.length; i++) {
            byWord.put(word[i], share[i].doubleValue());
        }
        return new WordShares(row.getDouble("table_rows"), byWord);
    }

    /** Every FULLTEXT index serves, Tiddly's or not: its columns are in the catalogue. */
    private Map<String, List<SearchIndex>> mariadbSearchIndexes() throws SQLException {
        Map<String, Map<String, List<String>>> found = new TreeMap<>();
        String sql = "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND INDEX_TYPE = 'FULLTEXT' ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, catalog);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.computeIfAbsent(rows.getString(1), table -> new TreeMap<>())
                            .computeIfAbsent(rows.getString(2), index -> new ArrayList<>())
                            .add(rows.getString(3));
                }
            }
        }
        Map<String, List<SearchIndex>> indexes = new TreeMap<>();
        found.forEach((table, byName) -> byName.forEach((name, columns) ->
                indexes.computeIfAbsent(table, key -> new ArrayList<>()).add(new SearchIndex(name, columns))));
        return indexes;
    }
}
