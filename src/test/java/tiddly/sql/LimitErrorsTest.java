package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.Page;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/**
 * A database's "too large" or "too complex" refusal is a 4xx that names the limit, on reads and
 * writes alike: the request stage's bounds keep requests inside these limits, and this is the net
 * below them. The errors are built as each driver builds them.
 */
class LimitErrorsTest {
    private static final Column ID =
            new Column("id", "INTEGER", ColumnType.INTEGER, false, Optional.empty(), true, true, false, false);
    private static final Table NOTE =
            new Table("note", false, List.of(ID), List.of(ID), List.of(List.of(ID)), List.of());
    private static final Query READ = new Fetch(NOTE, Where.ALL, List.of(), new Page(10, 0), false, false);
    private static final Query WRITE = new Insert(NOTE, List.of(new Row(Map.of())), true, Optional.empty());
    private static final String PREFIX = "the request is too large or complex for the database: ";

    private static void assertTranslated(int status, String code, String message, Errors errors, Throwable error) {
        for (DatabaseException translated : List.of(errors.translateRead(error), errors.translate(READ, error))) {
            assertEquals(message, translated.getMessage());
            assertEquals(code, translated.code());
            assertEquals(status, translated.status());
        }
        assertEquals(code, errors.translate(WRITE, error).code());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Expression tree is too large (maximum depth 1000) | an expression is nested too deeply",
                "parser stack overflow | the query is nested too deeply",
                "LIKE or GLOB pattern too complex | a like pattern is too long",
                "too many SQL variables | the statement has too many values",
                "too many columns in result set | the query has too many columns",
                "too many terms in ORDER BY clause | the query has too many terms in its orderby or groupby",
                "too many arguments on function json_object | a function has too many arguments",
                "at most 64 tables in a join | the query joins too many tables",
                "integer overflow | a number is larger than the database's largest integer"
            })
    void sqliteLimitsAre400DatabaseLimit(String sqlite, String what) {
        SQLiteException error = new SQLiteException(
                "[SQLITE_ERROR] SQL error or missing database (" + sqlite + ")", SQLiteErrorCode.SQLITE_ERROR);
        assertTranslated(400, "database_limit", PREFIX + what, new SqliteErrors(), new StatementFailure(error));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "SQLITE_TOOBIG | [SQLITE_TOOBIG] String or BLOB exceeds size limit (string or blob too big) | 413 | too_big",
                "SQLITE_ERROR | [SQLITE_ERROR] SQL error or missing database (no such table: note) | 500 | database_error"
            })
    void otherSqliteErrorsKeepTheirCodes(SQLiteErrorCode result, String message, int status, String code) {
        DatabaseException translated = new SqliteErrors().translateRead(new SQLiteException(message, result));
        assertEquals(code, translated.code());
        assertEquals(status, translated.status());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "54001 | stack depth limit exceeded | the query is nested too deeply",
                "54011 | target lists can have at most 1664 entries | the query has too many columns",
                "54023 | cannot pass more than 100 arguments to a function | a function has too many arguments",
                "54000 | number of columns (2000) exceeds limit (1664) | it reached one of the database's limits"
            })
    void postgresProgramLimitsAre400DatabaseLimit(String state, String message, String what) {
        PSQLException error = new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0M" + message + "\0"));
        assertTranslated(400, "database_limit", PREFIX + what, new SqlStateErrors(), error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "index row requires 20016 bytes, maximum size is 8191",
                "index row size 3016 exceeds btree version 4 maximum 2704 for index \"genre_pkey\""
            })
    void aValueTooLongForAPostgresIndexIs400ValueTooLong(String message) {
        PSQLException error = new PSQLException(new ServerErrorMessage("SERROR\0C54000\0M" + message + "\0"));
        DatabaseException translated = new SqlStateErrors().translate(WRITE, error);
        assertEquals("a value is too long for an index of 'note'", translated.getMessage());
        assertEquals("value_too_long", translated.code());
        assertEquals(400, translated.status());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "65536, 65535",
        "250000, 65535",
    })
    void postgresDriversParameterLimitIs400DatabaseLimit(int given, int most) {
        PSQLException error = new PSQLException(
                "PreparedStatement can have at most " + String.format("%,d", most)
                        + " parameters. Please consider using arrays, or splitting the query in several ones,"
                        + " or using COPY. Given query has " + String.format("%,d", given) + " parameters",
                PSQLState.INVALID_PARAMETER_VALUE);
        assertTranslated(
                400, "database_limit", PREFIX + "the statement has too many values", new SqlStateErrors(), error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1436 | Thread stack overrun:  Used: 290000 of a 299008 stack | the query is nested too deeply",
                "1390 | Prepared statement contains too many placeholders | the statement has too many values",
                "1117 | Too many columns | the query has too many columns",
                "1116 | Too many tables; MariaDB can only use 61 tables in a join | the query joins too many tables"
            })
    void mariadbLimitsAre400DatabaseLimit(int code, String message, String what) {
        SQLException error = new SQLException("(conn=5) " + message, "HY000", code);
        assertTranslated(400, "database_limit", PREFIX + what, new SqlStateErrors(), error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"HZ000 | 0 | 413 | too_big", "HY000 | 1064 | 500 | database_error"})
    void mariadbsPacketLimitIs413AndOtherErrorsKeepTheirCodes(String state, int code, int status, String expected) {
        SQLException error =
                new SQLException("Packet too big for current server max_allowed_packet value", state, code);
        DatabaseException translated = new SqlStateErrors().translateRead(error);
        assertEquals(expected, translated.code());
        assertEquals(status, translated.status());
    }
}
