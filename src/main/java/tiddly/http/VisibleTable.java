package tiddly.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tiddly.schema.Column;
import tiddly.schema.ForeignKey;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * A table as a role sees it: the one walk of the schema behind {@code /_schema} and
 * {@code /_client.d.ts}, so the two never disagree on a name.
 *
 * @param columns in table order; under rules without the hidden ones
 * @param primaryKey the key's names, or none when the role does not see all of it (a key in part would mislead)
 * @param foreignKeys between columns the role sees, to tables it may read
 */
record VisibleTable(Table table, List<Column> columns, List<String> primaryKey, List<ForeignKey> foreignKeys) {

    /** Under rules ({@code showHidden} false), no name of a table or column the role cannot see appears. */
    static List<VisibleTable> of(Schema schema, boolean showHidden) {
        List<VisibleTable> tables = new ArrayList<>();
        for (Table table : schema.tables()) {
            List<String> primaryKey =
                    table.primaryKey().stream().map(Column::name).toList();
            tables.add(new VisibleTable(
                    table,
                    table.columns().stream()
                            .filter(column -> showHidden || !column.hidden())
                            .toList(),
                    showHidden || shown(table, primaryKey) ? primaryKey : List.of(),
                    table.foreignKeys().stream()
                            .filter(key -> showHidden || visible(schema, table, key))
                            .toList()));
        }
        return tables;
    }

    /** A foreign key between columns the role sees, to a table it may read. */
    private static boolean visible(Schema schema, Table table, ForeignKey key) {
        Optional<Table> referenced = schema.table(key.referencedTable());
        return referenced.isPresent()
                && shown(table, key.columns())
                && shown(referenced.get(), key.referencedColumns());
    }

    /** Whether the role sees every one of {@code columns} (the table's primary key keeps unhidden copies). */
    private static boolean shown(Table table, List<String> columns) {
        return columns.stream()
                .allMatch(name ->
                        table.column(name).map(column -> !column.hidden()).orElse(false));
    }
}
