package tiddly.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Somewhere SELECTs run: the connection pool, or an open transaction. */
public interface Rows {

    /** Runs {@code statement}, handing each row to {@code sink} as it is read. */
    void stream(Statement statement, Consumer<Map<String, Object>> sink);

    default List<Map<String, Object>> list(Statement statement) {
        List<Map<String, Object>> rows = new ArrayList<>();
        stream(statement, rows::add);
        return rows;
    }
}
