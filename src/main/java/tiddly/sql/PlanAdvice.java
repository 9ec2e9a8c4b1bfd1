package tiddly.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/**
 * A read's plan in plain words: whether it reads every row of its table or sorts what it found
 * because no index serves it, and the {@code CREATE INDEX} that would (the where's equality
 * columns, then the orderby's). Read from SQLite's {@code EXPLAIN QUERY PLAN} or PostgreSQL's
 * {@code EXPLAIN}, and from Tiddly's own SQL, whose shape is known.
 */
final class PlanAdvice {
    private static final Pattern TABLE = Pattern.compile("\\b(?:FROM|INTO|UPDATE) [\"`]([^\"`]+)[\"`]");
    private static final Pattern EQUALS = Pattern.compile("\"([^\"]+)\" = \\?");
    private static final Pattern ORDER = Pattern.compile("^\"([^\"]+)\"");

    private PlanAdvice() {}

    /** The verdict, when the plan scans or sorts without an index, and the index that would serve it. */
    record Advice(Optional<String> verdict, Optional<String> index) {
        static final Advice NONE = new Advice(Optional.empty(), Optional.empty());
    }

    /** The first table the SQL reads or writes. */
    static Optional<String> table(String sql) {
        Matcher matcher = TABLE.matcher(sql);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Explains {@code statement} on {@code connection}; no advice for writes, MariaDB, or a plan that cannot be had. */
    static Advice explain(Connection connection, Engine engine, Statement statement) {
        String sql = statement.sql();
        if (!sql.startsWith("SELECT") || engine == Engine.MARIADB) {
            return Advice.NONE;
        }
        List<String> plan = new ArrayList<>();
        String explain = engine == Engine.SQLITE ? "EXPLAIN QUERY PLAN " + sql : "EXPLAIN " + sql;
        try (PreparedStatement prepared = connection.prepareStatement(explain)) {
            List<Object> parameters = statement.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                prepared.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = prepared.executeQuery()) {
                while (rows.next()) {
                    plan.add(rows.getString(engine == Engine.SQLITE ? 4 : 1));
                }
            }
        } catch (SQLException e) {
            return Advice.NONE; // a plan is advice; a statement it cannot explain still ran
        }
        return advise(engine, statement, plan);
    }

    static Advice advise(Engine engine, Statement statement, List<String> plan) {
        String sql = statement.sql();
        Optional<String> table = table(sql);
        if (table.isEmpty()) {
            return Advice.NONE;
        }
        boolean scans = false;
        boolean sorts = false;
        for (String step : plan) {
            String line = step.strip();
            if (engine == Engine.SQLITE) {
                scans |= line.equals("SCAN " + table.get())
                        || line.startsWith("SCAN " + table.get() + " ") && !line.contains("INDEX");
                sorts |= line.startsWith("USE TEMP B-TREE FOR ORDER BY");
            } else {
                scans |= line.contains("Seq Scan on " + table.get());
                sorts |= line.startsWith("Sort ") || line.contains("->  Sort ");
            }
        }
        List<String> equal = equalityColumns(sql);
        List<String> ordered = orderColumns(engine, statement);
        scans &= !equal.isEmpty() || sql.contains(" WHERE "); // a list of every row reads every row anyway
        sorts &= !ordered.isEmpty();
        if (!scans && !sorts) {
            return Advice.NONE;
        }
        String verdict;
        if (scans && sorts) {
            verdict = "reads every row of '" + table.get() + "' and sorts them: no index serves its where or orderby";
        } else if (scans) {
            verdict = "reads every row of '" + table.get() + "': no index serves its where";
        } else {
            verdict = "sorts the rows it found: no index of '" + table.get() + "' serves its orderby after its where";
        }
        Set<String> columns = new LinkedHashSet<>(equal);
        columns.addAll(ordered);
        if (columns.isEmpty()) {
            return new Advice(Optional.of(verdict), Optional.empty());
        }
        String name = table.get() + "_" + String.join("_", columns);
        String index =
                "CREATE INDEX \"" + name + "\" ON \"" + table.get() + "\" (\"" + String.join("\", \"", columns) + "\")";
        return new Advice(Optional.of(verdict), Optional.of(index));
    }

    /** {@code "category" = ?} in the top level's where, in order. */
    private static List<String> equalityColumns(String sql) {
        int where = sql.indexOf(" WHERE ");
        if (where < 0) {
            return List.of();
        }
        int end = firstOf(sql, where, " GROUP BY ", " ORDER BY ", " LIMIT ");
        String clause = sql.substring(where, end);
        if (clause.contains(" OR ") || clause.contains("SELECT")) {
            return List.of(); // an index for an OR or a subquery is beyond a plain suggestion
        }
        List<String> columns = new ArrayList<>();
        Matcher matcher = EQUALS.matcher(clause);
        while (matcher.find()) {
            if (!columns.contains(matcher.group(1))) {
                columns.add(matcher.group(1));
            }
        }
        return columns;
    }

    /** The top level's orderby columns; on SQLite without a trailing rowid key, which every index holds. */
    private static List<String> orderColumns(Engine engine, Statement statement) {
        String sql = statement.sql();
        int order = sql.lastIndexOf(" ORDER BY ");
        if (order < 0) {
            return List.of();
        }
        int end = firstOf(sql, order, " LIMIT ");
        List<String> columns = new ArrayList<>();
        for (String term : sql.substring(order + " ORDER BY ".length(), end).split(", ")) {
            Matcher matcher = ORDER.matcher(term.strip());
            if (!matcher.find() || derived(statement, matcher.group(1))) {
                return List.of(); // an expression, an aggregate or a search's _rank: no plain index
            }
            columns.add(matcher.group(1));
        }
        if (engine == Engine.SQLITE && !columns.isEmpty()) {
            String last = columns.get(columns.size() - 1);
            boolean rowid = statement.columns().stream()
                    .anyMatch(column ->
                            column.name().equals(last) && column.primaryKey() && column.type() == ColumnType.INTEGER);
            if (rowid) {
                columns.remove(columns.size() - 1);
            }
        }
        return columns;
    }

    /** Whether {@code name} is a value the statement computes (an aggregate, {@code _rank}), not a column of its table. */
    private static boolean derived(Statement statement, String name) {
        return statement.columns().stream()
                .anyMatch(column -> column.name().equals(name) && column.equals(Column.derived(name, column.type())));
    }

    private static int firstOf(String sql, int from, String... markers) {
        int end = sql.length();
        for (String marker : markers) {
            int at = sql.indexOf(marker, from + 1);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return end;
    }
}
