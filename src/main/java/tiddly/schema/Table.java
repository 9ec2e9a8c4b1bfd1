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
 */
public record Table(
        String name,
        boolean view,
        List<Column> columns,
        List<Column> primaryKey,
        List<List<Column>> uniqueKeys,
        List<ForeignKey> foreignKeys,
        boolean writable,
        Optional<String> comment) {

    /** A table without a comment. */
    public Table(
            String name,
            boolean view,
            List<Column> columns,
            List<Column> primaryKey,
            List<List<Column>> uniqueKeys,
            List<ForeignKey> foreignKeys,
            boolean writable) {
        this(name, view, columns, primaryKey, uniqueKeys, foreignKeys, writable, Optional.empty());
    }

    /** A table (writable) or a view (read-only). */
    public Table(
            String name,
            boolean view,
            List<Column> columns,
            List<Column> primaryKey,
            List<List<Column>> uniqueKeys,
            List<ForeignKey> foreignKeys) {
        this(name, view, columns, primaryKey, uniqueKeys, foreignKeys, !view);
    }

    public Table {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
        foreignKeys = List.copyOf(foreignKeys);
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
