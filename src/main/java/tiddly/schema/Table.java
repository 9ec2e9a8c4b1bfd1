package tiddly.schema;

import java.util.List;
import java.util.Optional;

/**
 * One reflected table or view.
 *
 * @param columns in table order; hidden ones included, so that they can be written
 * @param primaryKey the key columns in key order; for a rowid table without a declared key, the
 *     implicit {@code rowid}; empty for views
 * @param uniqueKeys the column sets of UNIQUE constraints and unique indexes, the key included
 * @param writable rows may be written: a table, or a view the database can write through
 *     (PostgreSQL's automatically updatable views)
 * @param comment the database's comment on the table (PostgreSQL COMMENT ON, MariaDB COMMENT)
 * @param searchIndexes the full-text indexes over its columns (see {@link SearchIndex})
 */
public record Table(
        String name,
        boolean view,
        List<Column> columns,
        List<Column> primaryKey,
        List<List<Column>> uniqueKeys,
        List<ForeignKey> foreignKeys,
        boolean writable,
        Optional<String> comment,
        List<SearchIndex> searchIndexes) {

    /** A table with a comment and no search indexes. */
    public Table(
            String name,
            boolean view,
            List<Column> columns,
            List<Column> primaryKey,
            List<List<Column>> uniqueKeys,
            List<ForeignKey> foreignKeys,
            boolean writable,
            Optional<String> comment) {
        this(name, view, columns, primaryKey, uniqueKeys, foreignKeys, writable, comment, List.of());
    }

    /** A table with search indexes and no comment. */
    public Table(
            String name,
            boolean view,
            List<Column> columns,
            List<Column> primaryKey,
            List<List<Column>> uniqueKeys,
            List<ForeignKey> foreignKeys,
            boolean writable,
            List<SearchIndex> searchIndexes) {
        this(name, view, columns, primaryKey, uniqueKeys, foreignKeys, writable, Optional.empty(), searchIndexes);
    }

    /** A table (writable) or a view (read-only). */
    public Table(
            String name,
            boolean view,
            List<Column> columns,
            List<Column> primaryKey,
            List<List<Column>> uniqueKeys,
            List<ForeignKey> foreignKeys) {
        this(name, view, columns, primaryKey, uniqueKeys, foreignKeys, !view, List.of());
    }

    /** A table or view without search indexes. */
    public Table(
            String name,
            boolean view,
            List<Column> columns,
            List<Column> primaryKey,
            List<List<Column>> uniqueKeys,
            List<ForeignKey> foreignKeys,
            boolean writable) {
        this(name, view, columns, primaryKey, uniqueKeys, foreignKeys, writable, List.of());
    }

    public Table {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
        foreignKeys = List.copyOf(foreignKeys);
        searchIndexes = List.copyOf(searchIndexes);
    }

    /** This table with {@code indexes} as its search indexes. */
    public Table withSearchIndexes(List<SearchIndex> indexes) {
        return new Table(name, view, columns, primaryKey, uniqueKeys, foreignKeys, writable, comment, indexes);
    }

    /** The search index over exactly {@code names}, in any order. */
    public Optional<SearchIndex> searchIndex(List<String> names) {
        for (SearchIndex index : searchIndexes) {
            if (index.columns().size() == names.size() && index.columns().containsAll(names)) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }

    /** The column named exactly {@code name} (case-sensitive, as JSON keys are). */
    public Optional<Column> column(String name) {
        for (Column column : columns) {
            if (column.name().equals(name)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /** The columns a response may show. */
    public List<Column> visibleColumns() {
        return columns.stream().filter(column -> !column.hidden()).toList();
    }

    /** The single key column that {@code /table/key} addresses, if the key has exactly one. */
    public Optional<Column> singleKey() {
        return primaryKey.size() == 1 ? Optional.of(primaryKey.get(0)) : Optional.empty();
    }
}
