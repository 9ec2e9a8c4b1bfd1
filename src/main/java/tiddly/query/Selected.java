package tiddly.query;

import java.util.List;
import java.util.Optional;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/** One item of {@code select}: a column, or an aggregate over a column (or over all rows). */
public sealed interface Selected {

    /** The key this item has in each result row. */
    String name();

    record Field(Column column) implements Selected {
        @Override
        public String name() {
            return column.name();
        }
    }

    /**
     * {@code count(*)}, {@code avg("price")} and the like.
     *
     * @param column empty for {@code count(*)}
     * @param alias the output name; also how {@code orderby} and {@code having} refer to it
     */
    record Aggregate(Function function, Optional<Column> column, String alias) implements Selected {
        @Override
        public String name() {
            return alias;
        }

        /** The type of its value: counts are integers, min and max keep the column's type. */
        public ColumnType type() {
            return switch (function) {
                case COUNT -> ColumnType.INTEGER;
                case AVG -> ColumnType.REAL;
                case SUM ->
                    switch (column.orElseThrow().type()) {
                        case INTEGER, BOOLEAN -> ColumnType.INTEGER;
                        case DECIMAL -> ColumnType.DECIMAL;
                        default -> ColumnType.REAL;
                    };
                case MIN, MAX -> column.orElseThrow().type();
            };
        }
    }

    /** How relevant the row is to the where's search, as {@code _rank}: higher is more relevant. */
    record Rank() implements Selected {
        public static final String NAME = "_rank";
        /** What rows hold it as, and what an {@code orderby} of {@code _rank} names. */
        public static final Column COLUMN = Column.derived(NAME, ColumnType.REAL);

        @Override
        public String name() {
            return NAME;
        }
    }

    /**
     * A short excerpt of {@code column} around the words the where's search matched, each
     * between {@code open} and {@code close}.
     *
     * @param words about how many words the excerpt has
     */
    record Snippet(Column column, String alias, String open, String close, int words) implements Selected {
        @Override
        public String name() {
            return alias;
        }

        /** What rows hold it as. */
        public Column output() {
            return Column.derived(alias, ColumnType.TEXT);
        }
    }

    /**
     * The JSON value at {@code path} inside a JSON column, as JSON; null where there is none.
     *
     * @param path object keys (String) and array positions (Integer)
     */
    record JsonPath(Column column, List<Object> path, String alias) implements Selected {
        public JsonPath {
            path = List.copyOf(path);
        }

        @Override
        public String name() {
            return alias;
        }

        /** What rows hold it as. */
        public Column output() {
            return Column.derived(alias, ColumnType.JSON);
        }
    }

    enum Function {
        COUNT,
        SUM,
        AVG,
        MIN,
        MAX
    }
}
