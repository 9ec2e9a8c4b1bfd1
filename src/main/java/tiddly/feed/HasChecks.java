package tiddly.feed;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tiddly.query.Fetch;
import tiddly.query.Page;
import tiddly.query.Where;
import tiddly.sql.Database;
import tiddly.sql.Reader;

/**
 * The {@code has} filters of one change's subscribers, answered from the database: one query per
 * distinct {@code has} and related key for the change, shared by every subscriber that asks the
 * same (never one per subscriber). The related rows are read as they are now, which may be a
 * little later than the change.
 */
final class HasChecks implements RowMatcher.Related {
    private final Database database;
    private final Reader reader;
    private final Map<List<Object>, Boolean> answers = new HashMap<>();
    private int queries;

    HasChecks(Database database, Reader reader) {
        this.database = database;
        this.reader = reader;
    }

    @Override
    public boolean exists(Where.Has has, Map<String, Object> row) {
        Object local = row.get(has.relation().local().name());
        if (local == null) {
            return false;
        }
        return answers.computeIfAbsent(List.of(has, local), key -> query(has, local));
    }

    private boolean query(Where.Has has, Object local) {
        queries++;
        Where related = new Where.Compare(has.relation().remote(), Where.Operator.EQ, local).and(has.where());
        Fetch fetch = new Fetch(has.relation().other(), related, List.of(), new Page(1, 0), false, false);
        boolean[] found = {false};
        reader.read(database, fetch, row -> found[0] = true);
        return found[0];
    }

    /** How many queries the checks ran. */
    int queries() {
        return queries;
    }
}
