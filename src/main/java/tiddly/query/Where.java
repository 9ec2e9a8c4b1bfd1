package tiddly.query;

import java.util.List;
import java.util.Optional;
import tiddly.schema.Column;
import tiddly.schema.SearchIndex;

/** A filter on rows: the FETCH body's {@code where}, or a key lookup. */
public sealed interface Where {

    /** Every part holds; with no parts, every row matches. */
    record And(List<Where> parts) implements Where {
        public And {
            parts = List.copyOf(parts);
        }
    }

    /** At least one part holds. */
    record Or(List<Where> parts) implements Where {
        public Or {
            parts = List.copyOf(parts);
        }
    }

    record Not(Where part) implements Where {}

    /** {@code column op value} for a non-null value. */
    record Compare(Column column, Operator operator, Object value) implements Where {}

    /** {@code column IN (values)}, or NOT IN when negated. */
    record In(Column column, List<Object> values, boolean negated) implements Where {
        public In {
            values = List.copyOf(values);
        }
    }

    /** {@code column IS NULL / TRUE / FALSE}. */
    record Is(Column column, Literal literal) implements Where {}

    /** Some row of the related table matches {@code where} (EXISTS): {@code {"book": {"has": W}}}. */
    record Has(Relation relation, Where where) implements Where {}

    /**
     * A full-text match of {@code query} against the text of {@code index}'s columns: {@code
     * {"title": {"search": "dune"}}} or {@code {"search": {"columns": [...], "query": "..."}}}.
     */
    record Search(SearchIndex index, SearchQuery query) implements Where {}

    /**
     * A value inside a JSON column, compared only with values of the same JSON type: {@code
     * {"meta": {"path": ["dims", "w"], "gt": 10}}}. A row whose value there is missing or of
     * another type does not match.
     *
     * @param path object keys (String) and array positions (Integer); empty for the whole value
     * @param value a String, a Long or Double, a Boolean; or null for "missing or JSON null" (with EQ)
     */
    record JsonCompare(Column column, List<Object> path, Operator operator, Object value) implements Where {
        public JsonCompare {
            path = List.copyOf(path);
        }
    }

    /**
     * The JSON at {@code path} contains {@code json}: an array has the element (or every element
     * of an array), an object has the members.
     *
     * @param json scalars only, or an array or object of scalars, as JSON text
     */
    record JsonContains(Column column, List<Object> path, String json) implements Where {
        public JsonContains {
            path = List.copyOf(path);
        }
    }

    enum Operator {
        EQ("="),
        NE("<>"),
        GT(">"),
        GTE(">="),
        LT("<"),
        LTE("<="),
        LIKE("LIKE"),
        ILIKE("LIKE");

        private final String sql;

        Operator(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }
    }

    enum Literal {
        NULL,
        TRUE,
        FALSE
    }

    Where ALL = new And(List.of());

    /** {@code this AND other}: how a permission rule will join a query. */
    default Where and(Where other) {
        if (this.equals(ALL)) {
            return other;
        }
        if (other.equals(ALL)) {
            return this;
        }
        return new And(List.of(this, other));
    }

    /**
     * Whether one row's own values decide this filter: true unless it has a {@code has}, a search
     * or a JSON path, which only the database can answer.
     */
    default boolean decidedByRow() {
        if (this instanceof And and) {
            return and.parts().stream().allMatch(Where::decidedByRow);
        }
        if (this instanceof Or or) {
            return or.parts().stream().allMatch(Where::decidedByRow);
        }
        if (this instanceof Not not) {
            return not.part().decidedByRow();
        }
        return this instanceof Compare || this instanceof In || this instanceof Is;
    }

    /** The first full-text search among the parts that must all hold, which ranks and snippets score. */
    default Optional<Search> search() {
        if (this instanceof Search search) {
            return Optional.of(search);
        }
        if (this instanceof And and) {
            for (Where part : and.parts()) {
                Optional<Search> found = part.search();
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
