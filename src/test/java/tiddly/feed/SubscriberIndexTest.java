package tiddly.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tiddly.query.Fetch;
import tiddly.query.Page;
import tiddly.query.Where;
import tiddly.query.Where.Operator;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;
import tiddly.sql.RowCheck;

/**
 * The feed's index of subscribers narrows the subscribers a change is checked against, and must
 * never leave out one whose filter the row matches: every value a filter's {@code =} finds equal
 * (numbers by value, booleans as 0 and 1, text compared with numbers by its text) shares a key.
 */
class SubscriberIndexTest {
    private static final Column ID = column("id", "INTEGER");
    private static final Column AUTHOR = column("author_id", "INTEGER");
    private static final Column TITLE = column("title", "TEXT");
    private static final Table BOOK =
            new Table("book", false, List.of(ID, AUTHOR, TITLE), List.of(ID), List.of(List.of(ID)), List.of());
    /** Values as rows and filters may hold them: of every type, some equal to others by RowCheck's rules. */
    private static final List<Object> VALUES = Arrays.asList(
            1L,
            2L,
            0L,
            -1L,
            1,
            1.0,
            1.5,
            0.0,
            -0.0,
            100L,
            1e2,
            new BigDecimal("1.00"),
            new BigDecimal("1E+2"),
            new BigDecimal("12345678901234567890"),
            1.2345678901234567e19,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            true,
            false,
            "1",
            "1.0",
            "01",
            "0",
            "true",
            "x",
            "",
            "100",
            "1E+2",
            List.of(1L),
            null);

    private final RowCheck matcher = new RowCheck();
    /** {@code has} and other parts a row cannot answer: they hold, as a has could. */
    private final RowCheck.Undecided undecided = (part, row) -> true;

    private static Column column(String name, String declared) {
        boolean key = name.equals("id");
        return new Column(
                name, declared, ColumnType.ofDeclared(declared), !key, Optional.empty(), key, false, false, false);
    }

    private static Subscriber subscriber(Where where) {
        Fetch fetch = new Fetch(BOOK, where, List.of(), new Page(1, 0), false, false);
        return new Subscriber(fetch, new Dropped(), Optional.empty(), () -> true, Optional.empty());
    }

    private static Map<String, Object> row(Object author) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", 7L);
        row.put("author_id", author);
        row.put("title", "t");
        return row;
    }

    /** Every kind of filter, anchored on a value or not, over {@link #VALUES}. */
    private static List<Where> filters() {
        List<Where> filters = new ArrayList<>();
        Where rule = new Where.Compare(ID, Operator.GT, 0L);
        for (Object value : VALUES) {
            if (value == null) {
                continue;
            }
            Where equal = new Where.Compare(AUTHOR, Operator.EQ, value);
            filters.add(equal);
            filters.add(equal.and(rule));
            filters.add(rule.and(new Where.And(List.of(new Where.Compare(TITLE, Operator.EQ, "t"), equal))));
            filters.add(new Where.In(AUTHOR, List.of(value, "other"), false));
            filters.add(new Where.In(AUTHOR, List.of(value), true));
            filters.add(new Where.Or(List.of(equal, new Where.Compare(TITLE, Operator.EQ, "nope"))));
            filters.add(new Where.Not(equal));
            filters.add(new Where.Compare(AUTHOR, Operator.NE, value));
            filters.add(new Where.Compare(AUTHOR, Operator.GTE, value instanceof Number ? value : 0L));
        }
        filters.add(Where.ALL);
        filters.add(new Where.Is(AUTHOR, Where.Literal.NULL));
        filters.add(new Where.Is(AUTHOR, Where.Literal.TRUE));
        filters.add(new Where.Compare(TITLE, Operator.LIKE, "%"));
        return filters;
    }

    @Test
    void everySubscriberWhoseFilterAnInsertedOrDeletedRowMatchesIsACandidate() {
        SubscriberIndex index = new SubscriberIndex();
        List<Subscriber> subscribers =
                filters().stream().map(SubscriberIndexTest::subscriber).toList();
        subscribers.forEach(index::add);
        for (Object value : VALUES) {
            Optional<Map<String, Object>> row = Optional.of(row(value));
            Set<Subscriber> inserted = new HashSet<>();
            index.candidates(Optional.empty(), row).forEach(inserted::add);
            Set<Subscriber> deleted = new HashSet<>();
            index.candidates(row, Optional.empty()).forEach(deleted::add);
            for (Subscriber subscriber : subscribers) {
                if (matcher.matches(subscriber.where(), row.get(), undecided)) {
                    assertTrue(inserted.contains(subscriber), subscriber.where() + " matches author_id " + value);
                    assertTrue(deleted.contains(subscriber), subscriber.where() + " matched author_id " + value);
                }
            }
        }
    }

    @Test
    void anUpdateReachesTheSubscribersOfTheOldValueAndOfTheNewOne() {
        SubscriberIndex index = new SubscriberIndex();
        Subscriber one = subscriber(new Where.Compare(AUTHOR, Operator.EQ, 1L));
        Subscriber two = subscriber(new Where.Compare(AUTHOR, Operator.EQ, 2L));
        Subscriber three = subscriber(new Where.Compare(AUTHOR, Operator.EQ, 3L));
        Subscriber ranged = subscriber(new Where.Compare(AUTHOR, Operator.GT, 2L));
        List.of(one, two, three, ranged).forEach(index::add);
        Set<Subscriber> found = new HashSet<>();
        index.candidates(Optional.of(row(1L)), Optional.of(row(2L))).forEach(found::add);
        assertEquals(Set.of(one, two, ranged), found);
    }

    @Test
    void aRowIsCheckedOnlyAgainstTheSubscribersOfItsValueAndThoseWithoutOne() {
        SubscriberIndex index = new SubscriberIndex();
        List<Subscriber> byAuthor = new ArrayList<>();
        for (long author = 1; author <= 10; author++) {
            for (int i = 0; i < 5; i++) {
                byAuthor.add(subscriber(new Where.Compare(AUTHOR, Operator.EQ, author)));
            }
        }
        Subscriber either = subscriber(new Where.Or(
                List.of(new Where.Compare(AUTHOR, Operator.EQ, 4L), new Where.Compare(AUTHOR, Operator.EQ, 5L))));
        byAuthor.forEach(index::add);
        index.add(either);
        Set<Subscriber> found = new HashSet<>();
        index.candidates(Optional.empty(), Optional.of(row(4L))).forEach(found::add);
        Set<Subscriber> expected = new HashSet<>(byAuthor.subList(15, 20));
        expected.add(either);
        assertEquals(expected, found);
        assertEquals(51, index.size());
    }

    @Test
    void aRemovedSubscriberIsNoLongerACandidate() {
        SubscriberIndex index = new SubscriberIndex();
        Subscriber anchored = subscriber(new Where.In(AUTHOR, List.of(1L, "2"), false));
        Subscriber other = subscriber(new Where.Not(new Where.Compare(AUTHOR, Operator.EQ, 1L)));
        index.add(anchored);
        index.add(other);
        index.remove(anchored);
        index.remove(other);
        index.remove(other);
        for (Object value : List.of(1L, 2L, "2")) {
            assertFalse(index.candidates(Optional.empty(), Optional.of(row(value)))
                    .iterator()
                    .hasNext());
        }
        assertTrue(index.isEmpty());
    }

    /** A sink that drops what it is given: the index never sends. */
    private static final class Dropped implements Sink {
        @Override
        public boolean queue(Event event) {
            return true;
        }

        @Override
        public void send() {}

        @Override
        public void comment(String text) {}

        @Override
        public void end() {}
    }
}
