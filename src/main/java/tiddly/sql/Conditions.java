package tiddly.sql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/**
 * {@link Where} → SQL. Columns are unqualified, so inside an EXISTS they name the inner table;
 * the join of a {@code has} names the outer table by {@code scope}. In HAVING, an aggregate's
 * alias stands for the aggregate itself. Where the statement has a second row of the same columns
 * (an upsert's {@code excluded}), columns are qualified by their scope instead.
 */
final class Conditions {
    /** The most parts an AND or OR list is written with side by side; see {@link #joined}. */
    private static final int GROUP = 32;

    private final Dialect dialect;
    private final List<Object> parameters;
    private final Map<String, Selected.Aggregate> aggregates;
    private final boolean qualified;
    private int aliases;

    Conditions(Dialect dialect, List<Object> parameters, Map<String, Selected.Aggregate> aggregates) {
        this(dialect, parameters, aggregates, false);
    }

    private Conditions(
            Dialect dialect, List<Object> parameters, Map<String, Selected.Aggregate> aggregates, boolean qualified) {
        this.dialect = dialect;
        this.parameters = parameters;
        this.aggregates = Map.copyOf(aggregates);
        this.qualified = qualified;
    }

    /**
     * Conditions whose columns name their table: in ON CONFLICT … DO UPDATE … WHERE, PostgreSQL
     * finds an unqualified column both there and in {@code excluded}, and refuses it as ambiguous.
     */
    static Conditions qualified(Dialect dialect, List<Object> parameters) {
        return new Conditions(dialect, parameters, Map.of(), true);
    }

    /** Appends " WHERE …" (or another keyword) unless {@code where} matches every row. */
    void clause(StringBuilder sql, String keyword, Where where, String scope) {
        if (!where.equals(Where.ALL)) {
            sql.append(' ').append(keyword).append(' ');
            append(sql, where, scope);
        }
    }

    void append(StringBuilder sql, Where where, String scope) {
        if (where instanceof Where.And and) {
            joined(sql, and.parts(), " AND ", dialect.alwaysTrue(), scope);
        } else if (where instanceof Where.Or or) {
            joined(sql, or.parts(), " OR ", dialect.alwaysFalse(), scope);
        } else if (where instanceof Where.Not not) {
            sql.append("NOT (");
            append(sql, not.part(), scope);
            sql.append(')');
        } else if (where instanceof Where.Compare compare) {
            boolean like = compare.operator() == Where.Operator.LIKE || compare.operator() == Where.Operator.ILIKE;
            String column = column(compare.column(), scope);
            if (like
                    && compare.column().type() != ColumnType.TEXT
                    && compare.column().type() != ColumnType.ANY) {
                column = dialect.asText(column); // like on an integer or a date: the parser allows no other type
            }
            sql.append(
                    switch (compare.operator()) {
                        case LIKE -> dialect.like(column);
                        case ILIKE -> dialect.ilike(column);
                        default -> column + " " + compare.operator().sql() + " ?";
                    });
            parameters.add(
                    like && compare.value() instanceof String pattern ? dialect.pattern(pattern) : compare.value());
        } else if (where instanceof Where.In in) {
            in(sql, in, scope);
        } else if (where instanceof Where.Is is) {
            sql.append(column(is.column(), scope))
                    .append(" IS ")
                    .append(is.literal().name());
        } else if (where instanceof Where.Has has) {
            has(sql, has, scope);
        } else if (where instanceof Where.JsonCompare json) {
            sql.append(dialect.jsonCompare(plain(json.column(), scope), json, parameters));
        } else if (where instanceof Where.JsonContains json) {
            sql.append(dialect.jsonContains(plain(json.column(), scope), json, parameters));
        } else if (where instanceof Where.Search search) {
            sql.append(dialect.search(search, searched(search, scope), scope, parameters));
        }
    }

    /** {@code search} as the where of a statement that reads only its first {@code count} matches. */
    String firstMatches(Where.Search search, String scope, long count) {
        return dialect.firstMatches(search, searched(search, scope), scope, count, parameters);
    }

    /** The relevance of the row named {@code scope} to {@code search}. */
    String rank(Where.Search search, String scope) {
        return dialect.rank(search, searched(search, scope), scope, parameters);
    }

    /** {@link #rank} of a candidate among at most {@code bound} (see {@link Dialect#boundedRank}). */
    String boundedRank(Where.Search search, String scope, String candidates, long bound) {
        return dialect.boundedRank(search, searched(search, scope), scope, candidates, bound, parameters);
    }

    /** An excerpt of a searched column with the matched words marked. */
    String snippet(Where.Search search, Selected.Snippet snippet, String scope) {
        int index = search.index().columns().indexOf(snippet.column().name());
        return dialect.snippet(search, searched(search, scope), index, snippet, scope, parameters);
    }

    /** The JSON at a path inside a JSON column, as JSON text. */
    String jsonValue(Selected.JsonPath json, String scope) {
        return dialect.jsonValue(plain(json.column(), scope), json.path(), parameters);
    }

    /** A column without {@link Dialect#exact}'s collation, which JSON functions do not want. */
    private String plain(Column column, String scope) {
        return qualified ? scope + "." + dialect.quote(column.name()) : dialect.quote(column.name());
    }

    /** The index's columns as written: plain, not {@link Dialect#exact}, or the index would not serve. */
    private List<String> searched(Where.Search search, String scope) {
        return search.index().columns().stream()
                .map(name -> qualified ? scope + "." + dialect.quote(name) : dialect.quote(name))
                .toList();
    }

    private String column(Column column, String scope) {
        return qualified ? dialect.exact(scope + "." + dialect.quote(column.name()), column) : column(column);
    }

    /** The aggregate that {@code column} is the alias of, written out; empty for other columns. */
    Optional<String> aggregateOf(Column column) {
        Selected.Aggregate aggregate = aggregates.get(column.name());
        return aggregate != null && column.readOnly() && column.declaredType().isEmpty()
                ? Optional.of(aggregate(aggregate))
                : Optional.empty();
    }

    /** A column, or for an aggregate's alias in HAVING, the aggregate. */
    String column(Column column) {
        Selected.Aggregate aggregate = aggregates.get(column.name());
        return aggregate != null && column.readOnly() && column.declaredType().isEmpty()
                ? aggregate(aggregate)
                : dialect.exact(dialect.quote(column.name()), column);
    }

    /**
     * An aggregate, written to give the same value on every database: booleans are aggregated as
     * 0 and 1 (PostgreSQL has no sum or min of a boolean), text as {@link Dialect#exact} compares
     * it, and avg as a double, the real sum over the count (MariaDB's AVG of integers is a decimal
     * of 4 places, PostgreSQL's a numeric).
     */
    String aggregate(Selected.Aggregate aggregate) {
        if (aggregate.column().isEmpty()) {
            return "count(*)";
        }
        Column column = aggregate.column().get();
        String argument = column.type() == ColumnType.BOOLEAN
                ? "CASE WHEN " + dialect.quote(column.name()) + " THEN 1 WHEN NOT " + dialect.quote(column.name())
                        + " THEN 0 END"
                : dialect.exact(dialect.quote(column.name()), column);
        if (aggregate.function() == Selected.Function.AVG) {
            return dialect.realSum(argument) + " / NULLIF(count(" + argument + "), 0)";
        }
        return aggregate.function().name().toLowerCase(Locale.ROOT) + "(" + argument + ")";
    }

    /** EXISTS (SELECT 1 FROM other AS _hN WHERE _hN.remote = scope.local AND …). */
    private void has(StringBuilder sql, Where.Has has, String scope) {
        String alias = dialect.quote("_h" + ++aliases);
        sql.append("EXISTS (SELECT 1 FROM ")
                .append(dialect.quote(has.relation().other().name()))
                .append(" AS ")
                .append(alias)
                .append(" WHERE ")
                .append(alias)
                .append('.')
                .append(dialect.quote(has.relation().remote().name()))
                .append(" = ")
                .append(scope)
                .append('.')
                .append(dialect.quote(has.relation().local().name()));
        if (!has.where().equals(Where.ALL)) {
            sql.append(" AND ");
            append(sql, has.where(), alias);
        }
        sql.append(')');
    }

    /**
     * {@code (a AND b AND …)}; a list longer than {@link #GROUP} as groups of groups, {@code ((a AND
     * b …) AND (…))}, which mean the same. SQLite parses {@code a AND b AND c} as {@code (a AND b) AND
     * c}, one level deeper per term, and refuses an expression deeper than 1000 levels: grouped, 20,000
     * terms are 3 levels of at most 32.
     *
     * @param none what no parts at all mean: true for AND, false for OR
     */
    private void joined(StringBuilder sql, List<Where> parts, String operator, String none, String scope) {
        if (parts.isEmpty()) {
            sql.append(none);
            return;
        }
        int size = parts.size() <= GROUP ? 1 : (parts.size() + GROUP - 1) / GROUP;
        sql.append('(');
        for (int from = 0; from < parts.size(); from += size) {
            if (from > 0) {
                sql.append(operator);
            }
            if (size == 1) {
                append(sql, parts.get(from), scope);
            } else {
                joined(sql, parts.subList(from, Math.min(parts.size(), from + size)), operator, none, scope);
            }
        }
        sql.append(')');
    }

    private void in(StringBuilder sql, Where.In in, String scope) {
        if (in.values().isEmpty()) {
            sql.append(in.negated() ? dialect.alwaysTrue() : dialect.alwaysFalse());
            return;
        }
        StringJoiner marks = new StringJoiner(", ", in.negated() ? " NOT IN (" : " IN (", ")");
        for (Object value : in.values()) {
            marks.add("?");
            parameters.add(value);
        }
        sql.append(column(in.column(), scope)).append(marks);
    }
}
