package tiddly.request;

import tiddly.schema.Column;
import tiddly.schema.Table;

/** Resolves a client's column name against the schema: the only way a name enters a query. */
final class Columns {
    private Columns() {}

    /**
     * The column of {@code table} named exactly {@code name}, for reading ({@code where},
     * {@code orderby}); hidden columns are refused so that they cannot be probed.
     */
    static Column readable(Table table, String name, String where) {
        Column column =
                table.column(name).orElseThrow(() -> BadRequestException.unknownColumn(name, table.name(), where));
        if (column.hidden()) {
            throw BadRequestException.hiddenColumn(name, where);
        }
        return column;
    }
}
