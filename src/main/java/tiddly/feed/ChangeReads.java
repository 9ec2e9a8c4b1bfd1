package tiddly.feed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tiddly.query.Embed;
import tiddly.query.Fetch;
import tiddly.query.Page;
import tiddly.query.Where;
import tiddly.sql.Database;
import tiddly.sql.Reader;
import tiddly.sql.RowCheck;

/**
 * What one change's events need from the database, read once and shared by every subscriber that
 * asks the same (never one query per subscriber): the {@code has} filters, one query per distinct
 * {@code has} and related key, and the embeds of the new row, one read per distinct embed list
 * (each role's rules are part of it, so callers with the same rules share it). Related rows are read
 * as they are when the change is sent, which may be a little later than the change. Also the
 * change's events, one per shape, shared by the subscribers that see the same.
 */
final class ChangeReads implements RowCheck.Undecided {
    private final Database database;
    private final Reader reader;
    private final Map<List<Object>, Boolean> answers = new HashMap<>();
    private final Map<List<Embed>, Map<String, Object>> embedded = new HashMap<>();
    private final Map<List<Object>, Event> events = new HashMap<>();

    ChangeReads(Database database, Reader reader) {
        this.database = database;
        this.reader = reader;
    }

    /**
     * A {@code has}, from the database. The stream refused every other part a row cannot answer
     * (search, JSON paths) before it started.
     */
    @Override
    public boolean holds(Where part, Map<String, Object> row) {
        if (!(part instanceof Where.Has has)) {
            throw new IllegalStateException("a stream's filter cannot be checked on a row: " + part);
        }
        Object local = row.get(has.relation().local().name());
        if (local == null) {
            return false;
        }
        return answers.computeIfAbsent(List.of(has, local), key -> query(has, local));
    }

    private boolean query(Where.Has has, Object local) {
        Where related = new Where.Compare(has.relation().remote(), Where.Operator.EQ, local).and(has.where());
        Fetch fetch = new Fetch(has.relation().other(), related, List.of(), new Page(1, 0), false, false);
        boolean[] found = {false};
        reader.read(database.primary(), fetch, row -> found[0] = true);
        return found[0];
    }

    /**
     * The change's event for every subscriber with the same {@code shape} (its name, the columns
     * shown, the embeds): built once, then shared, so that it is also encoded once.
     */
    Event event(List<Object> shape, Supplier<Event> build) {
        Event event = events.get(shape);
        if (event == null) {
            event = build.get();
            events.put(shape, event);
        }
        return event;
    }

    /**
     * {@code row} with {@code embeds} added under their relations' names, as a read by the same
     * caller adds them; {@code row} is always the same row (the change's new one).
     */
    Map<String, Object> embedded(List<Embed> embeds, Map<String, Object> row) {
        return embedded.computeIfAbsent(embeds, key -> {
            List<Map<String, Object>> parents = new ArrayList<>(List.of(new LinkedHashMap<>(row)));
            reader.embed(database.primary(), embeds, parents);
            return parents.get(0);
        });
    }
}
