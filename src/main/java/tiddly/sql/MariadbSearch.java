package tiddly.sql;

import java.util.List;
import tiddly.query.Where;

/**
 * Search on MariaDB and MySQL: MATCH … AGAINST in boolean mode over the columns of a FULLTEXT
 * index, which must be exactly those columns. Its value is also the relevance.
 */
final class MariadbSearch {
    private MariadbSearch() {}

    static String match(Where.Search search, List<String> columns, List<Object> parameters) {
        parameters.add(SearchText.booleanMode(search.query()));
        return "MATCH (" + String.join(", ", columns) + ") AGAINST (? IN BOOLEAN MODE)";
    }
}
