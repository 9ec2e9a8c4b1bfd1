package tiddly.request;

import java.util.List;
import java.util.stream.Collectors;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.SearchIndex;
import tiddly.schema.Table;

/** A search of some columns → {@link Where.Search} over the index of exactly those columns. */
final class Searches {
    private Searches() {}

    /**
     * Without an index there is no search: a LIKE scan would neither rank nor match words as the
     * engines do, and would be slow enough on a large table to matter (see docs/performance.md).
     * The 400 names the command that creates the index.
     */
    static Where.Search where(Table table, List<Column> columns, String query) {
        List<String> names = columns.stream().map(Column::name).toList();
        SearchIndex index = table.searchIndex(names).orElseThrow(() -> {
            String listed = String.join(",", names);
            String existing = table.searchIndexes().isEmpty()
                    ? ""
                    : "; its search indexes cover "
                            + table.searchIndexes().stream()
                                    .map(other -> "(" + String.join(", ", other.columns()) + ")")
                                    .sorted()
                                    .collect(Collectors.joining(" and "));
            return BadRequestException.searchNotIndexed("table '" + table.name() + "' has no search index on ("
                    + String.join(", ", names) + ")" + existing + "; create one with: java -jar tiddly.jar search-index"
                    + " --db <your database> --table " + table.name() + " --columns " + listed);
        });
        return new Where.Search(index, SearchParser.parse(query));
    }
}
