package tiddly.schema;

import java.util.List;

/** {@code columns} of the owning table refer to {@code referencedColumns} of {@code referencedTable}. */
public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns) {
    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }
}
