package tiddly.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.Order;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * Query model → SQL text and parameters. Pure: no connection, no schema lookups. Identifiers come
 * from the query's schema objects and are quoted by the dialect; every value is a parameter.
 */
public final class SqlWriter {
    private final Dialect dialect;

    public SqlWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    public Script write(Query query) {
        if (query instanceof Fetch fetch) {
            return new Script(query, List.of(select(fetch)));
        }
        if (query instanceof Insert insert) {
            List<Statement> statements = new ArrayList<>();
            for (Row row : insert.rows()) {
                statements.add(insert(insert.table(), row));
            }
            return new Script(query, statements);
        }
        if (query instanceof Update update) {
            return new Script(query, List.of(update(update)));
        }
        Delete delete = (Delete) query;
        return new Script(query, List.of(delete(delete)));
    }

    private Statement select(Fetch fetch) {
        Table table = fetch.table();
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(columnList(table.visibleColumns()))
                .append(" FROM ")
                .append(dialect.quote(table.name()));
        where(sql, fetch.where(), parameters);
        if (!fetch.orderBy().isEmpty()) {
            StringJoiner terms = new StringJoiner(", ", " ORDER BY ", "");
            for (Order order : fetch.orderBy()) {
                terms.add(order(order));
            }
            sql.append(terms);
        }
        sql.append(" LIMIT ? OFFSET ?");
        parameters.add(fetch.page().limit());
        parameters.add(fetch.page().offset());
        return new Statement(sql.toString(), parameters, table.visibleColumns());
    }

    private Statement insert(Table table, Row row) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(dialect.quote(table.name()));
        List<Object> parameters = new ArrayList<>();
        if (row.values().isEmpty()) {
            sql.append(" DEFAULT VALUES");
        } else {
            StringJoiner names = new StringJoiner(", ", " (", ")");
            StringJoiner marks = new StringJoiner(", ", " VALUES (", ")");
            for (Map.Entry<Column, Object> value : row.values().entrySet()) {
                names.add(dialect.quote(value.getKey().name()));
                marks.add("?");
                parameters.add(value.getValue());
            }
            sql.append(names).append(marks);
        }
        return returning(sql, parameters, table);
    }

    private Statement update(Update update) {
        Table table = update.table();
        List<Object> parameters = new ArrayList<>();
        StringJoiner assignments = new StringJoiner(", ", " SET ", "");
        for (Map.Entry<Column, Object> value : update.values().values().entrySet()) {
            assignments.add(dialect.quote(value.getKey().name()) + " = ?");
            parameters.add(value.getValue());
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(dialect.quote(table.name())).append(assignments);
        where(sql, update.where(), parameters);
        return returning(sql, parameters, table);
    }

    private Statement delete(Delete delete) {
        Table table = delete.table();
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(dialect.quote(table.name()));
        where(sql, delete.where(), parameters);
        return delete.single()
                ? returning(sql, parameters, table)
                : new Statement(sql.toString(), parameters, List.of());
    }

    private Statement returning(StringBuilder sql, List<Object> parameters, Table table) {
        sql.append(" RETURNING ").append(columnList(table.visibleColumns()));
        return new Statement(sql.toString(), parameters, table.visibleColumns());
    }

    private void where(StringBuilder sql, Where where, List<Object> parameters) {
        if (!where.equals(Where.ALL)) {
            sql.append(" WHERE ");
            condition(sql, where, parameters);
        }
    }

    private void condition(StringBuilder sql, Where where, List<Object> parameters) {
        if (where instanceof Where.And and) {
            joined(sql, and.parts(), " AND ", parameters);
        } else if (where instanceof Where.Or or) {
            joined(sql, or.parts(), " OR ", parameters);
        } else if (where instanceof Where.Not not) {
            sql.append("NOT (");
            condition(sql, not.part(), parameters);
            sql.append(')');
        } else if (where instanceof Where.Compare compare) {
            String column = dialect.quote(compare.column().name());
            sql.append(compare.operator() == Where.Operator.ILIKE
                    ? dialect.ilike(column)
                    : column + " " + compare.operator().sql() + " ?");
            parameters.add(compare.value());
        } else if (where instanceof Where.In in) {
            in(sql, in, parameters);
        } else if (where instanceof Where.Is is) {
            sql.append(dialect.quote(is.column().name())).append(" IS ").append(is.literal().name());
        }
    }

    private void joined(StringBuilder sql, List<Where> parts, String operator, List<Object> parameters) {
        if (parts.isEmpty()) {
            sql.append(dialect.alwaysTrue());
            return;
        }
        sql.append('(');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sql.append(operator);
            }
            condition(sql, parts.get(i), parameters);
        }
        sql.append(')');
    }

    private void in(StringBuilder sql, Where.In in, List<Object> parameters) {
        if (in.values().isEmpty()) {
            sql.append(in.negated() ? dialect.alwaysTrue() : dialect.alwaysFalse());
            return;
        }
        StringJoiner marks = new StringJoiner(", ", in.negated() ? " NOT IN (" : " IN (", ")");
        for (Object value : in.values()) {
            marks.add("?");
            parameters.add(value);
        }
        sql.append(dialect.quote(in.column().name())).append(marks);
    }

    private String order(Order order) {
        String term = dialect.quote(order.column().name()) + (order.descending() ? " DESC" : " ASC");
        return switch (order.nulls()) {
            case DEFAULT -> term;
            case FIRST -> term + " NULLS FIRST";
            case LAST -> term + " NULLS LAST";
        };
    }

    private String columnList(List<Column> columns) {
        StringJoiner list = new StringJoiner(", ");
        for (Column column : columns) {
            list.add(dialect.quote(column.name()));
        }
        return list.toString();
    }
}
