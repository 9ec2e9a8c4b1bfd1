package tiddly.sql;

import java.util.List;
import java.util.Map;

/**
 * What a script gave back.
 *
 * @param rows every row the statements returned, each column name → value in select order
 * @param count rows changed by the statements that return none (a DELETE by where)
 */
public record Result(List<Map<String, Object>> rows, long count) {
    public Result {
        rows = List.copyOf(rows);
    }
}
