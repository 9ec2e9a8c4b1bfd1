package tiddly.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tiddly.TiddlyException;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.ForeignKey;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/** The bounds of {@link Limits}: each accepted at its limit and refused one beyond, with its code and message. */
class RequestLimitsTest {
    // author(id INTEGER PRIMARY KEY, name TEXT NOT NULL)
    private static final Column AUTHOR_ID = column("id", "INTEGER", false, true);
    private static final Table AUTHOR = new Table(
            "author",
            false,
            List.of(AUTHOR_ID, column("name", "TEXT", false, false)),
            List.of(AUTHOR_ID),
            List.of(List.of(AUTHOR_ID)),
            List.of());

    // book(id INTEGER PRIMARY KEY, title TEXT NOT NULL, year INTEGER, author_id INTEGER REFERENCES author(id))
    private static final Column ID = column("id", "INTEGER", false, true);
    private static final Table BOOK = new Table(
            "book",
            false,
            List.of(
                    ID,
                    column("title", "TEXT", false, false),
                    column("year", "INTEGER", true, false),
                    column("author_id", "INTEGER", true, false)),
            List.of(ID),
            List.of(List.of(ID)),
            List.of(new ForeignKey(List.of("author_id"), "author", List.of("id"))));

    private static final Schema SCHEMA = new Schema(List.of(AUTHOR, BOOK));

    private final RequestParser parser = new RequestParser(SCHEMA, 1000, false);

    private static Column column(String name, String declared, boolean nullable, boolean primaryKey) {
        return new Column(
                name,
                declared,
                ColumnType.ofDeclared(declared),
                nullable,
                Optional.empty(),
                primaryKey,
                primaryKey,
                false,
                false);
    }

    private static String list(int count, IntFunction<String> item) {
        return IntStream.range(0, count).mapToObj(item).collect(Collectors.joining(", ", "[", "]"));
    }

    private Fetch query(String table, String body) {
        return (Fetch) parser.parse(Call.of("QUERY", table, Optional.empty(), body));
    }

    private TiddlyException refused(String verb, String table, String body) {
        return assertThrows(TiddlyException.class, () -> parser.parse(Call.of(verb, table, Optional.empty(), body)));
    }

    private static void assertError(int status, String code, String message, TiddlyException error) {
        assertEquals(message, error.getMessage());
        assertEquals(code, error.code());
        assertEquals(status, error.status());
    }

    @Test
    void aLikePatternOf1000CharactersIsAcceptedAndALongerOneIsPatternTooLong() {
        query("book", "{\"where\": {\"title\": {\"like\": \"" + "a".repeat(1000) + "\"}}}");
        assertError(
                400,
                "pattern_too_long",
                "the like pattern on column 'title' is 1001 characters long; at most 1000 are allowed",
                refused("QUERY", "book", "{\"where\": {\"title\": {\"like\": \"" + "a".repeat(1001) + "\"}}}"));
        assertError(
                400,
                "pattern_too_long",
                "the ilike pattern on column 'title' is 50001 characters long; at most 1000 are allowed",
                refused("QUERY", "book", "{\"where\": {\"title\": {\"ilike\": \"" + "%".repeat(50_001) + "\"}}}"));
    }

    @Test
    void aPatternIsMeasuredInCharactersNotInUtf16Units() {
        query("book", "{\"where\": {\"title\": {\"like\": \"" + "😀".repeat(1000) + "\"}}}");
    }

    @Test
    void aWhereOf1000ConditionsIsAcceptedAndOneMoreIsQueryTooComplex() {
        Fetch fetch = query("book", "{\"where\": {\"and\": " + list(1000, i -> "{\"id\": " + i + "}") + "}}");
        assertEquals(1000, ((Where.And) fetch.where()).parts().size());
        String message = "'where' has more than 1000 conditions;"
                + " split the request, or match many values of one column with 'in'";
        assertError(
                400,
                "query_too_complex",
                message,
                refused("QUERY", "book", "{\"where\": {\"and\": " + list(20_000, i -> "{\"id\": " + i + "}") + "}}"));
        assertError(
                400,
                "query_too_complex",
                message,
                refused("QUERY", "book", "{\"where\": {\"or\": " + list(3000, i -> "{\"id\": " + i + "}") + "}}"));
    }

    @Test
    void conditionsCountAcrossNestingOperatorsAndEmptyObjects() {
        String nested = "{\"where\": {\"year\": {\"gt\": 1, \"lt\": 9}, \"or\": "
                + list(499, i -> "{\"not\": {\"id\": " + i + ", \"title\": null}}") + "}}";
        query("book", nested);
        String oneMore = nested.replace("\"lt\": 9", "\"lt\": 9, \"ne\": 5");
        assertEquals("query_too_complex", refused("QUERY", "book", oneMore).code());
        assertEquals(
                "query_too_complex",
                refused("QUERY", "book", "{\"where\": {\"or\": " + list(1001, i -> "{}") + "}}")
                        .code());
    }

    @Test
    void anInListOf10000ValuesIsAcceptedAndALongerOneIsRefusedByName() {
        query("book", "{\"where\": {\"id\": {\"in\": " + list(10_000, Integer::toString) + "}}}");
        assertError(
                400,
                "query_too_complex",
                "operator 'nin' on column 'id' has 10001 values; at most 10000 are allowed",
                refused("QUERY", "book", "{\"where\": {\"id\": {\"nin\": " + list(10_001, Integer::toString) + "}}}"));
    }

    @Test
    void theValuesOfAWhereCountTogether() {
        String body = "{\"where\": {\"id\": {\"in\": " + list(5000, Integer::toString) + "}, \"year\": {\"in\": "
                + list(5000, Integer::toString) + "}, \"title\": \"x\"}}";
        assertError(
                400,
                "query_too_complex",
                "'where' has more than 10000 values; split the request",
                refused("QUERY", "book", body));
    }

    @Test
    void queryParameterListsCountTheirValues() {
        String values = IntStream.range(0, 10_001).mapToObj(Integer::toString).collect(Collectors.joining(","));
        Call call = new Call("GET", "book", Optional.empty(), "", Map.of("id[in]", List.of(values)), Optional.empty());
        TiddlyException error = assertThrows(TiddlyException.class, () -> parser.parse(call));
        assertEquals("operator 'in' on column 'id' has 10001 values; at most 10000 are allowed", error.getMessage());
    }

    @Test
    void sixteenHasFiltersAreAcceptedAndSeventeenAreRefused() {
        query("author", "{\"where\": {\"and\": " + list(16, i -> "{\"book\": {\"has\": {\"id\": " + i + "}}}") + "}}");
        assertError(
                400,
                "query_too_complex",
                "'where' uses 'has' more than 16 times",
                refused(
                        "QUERY",
                        "author",
                        "{\"where\": {\"or\": " + list(17, i -> "{\"book\": {\"has\": {}}}") + "}}"));
    }

    @Test
    void havingIsBoundedLikeWhere() {
        String body = "{\"select\": [{\"count\": \"*\"}], \"groupby\": [\"year\"], \"having\": {\"or\": "
                + list(1001, i -> "{\"count\": " + i + "}") + "}}";
        assertError(
                400,
                "query_too_complex",
                "'having' has more than 1000 conditions;"
                        + " split the request, or match many values of one column with 'in'",
                refused("QUERY", "book", body));
    }

    @Test
    void anEmbedsWhereIsBoundedLikeTheQuerys() {
        String body = "{\"embed\": {\"book\": {\"where\": {\"title\": {\"like\": \"" + "a".repeat(1001) + "\"}}}}}";
        assertEquals("pattern_too_long", refused("QUERY", "author", body).code());
    }

    @Test
    void aSelectOf1000ItemsIsAcceptedAndOneMoreIsRefused() {
        query("book", "{\"select\": " + list(1000, i -> "{\"count\": \"*\", \"as\": \"c" + i + "\"}") + "}");
        assertError(
                400,
                "query_too_complex",
                "'select' has 2100 items; at most 1000 are allowed",
                refused(
                        "QUERY",
                        "book",
                        "{\"select\": " + list(2100, i -> "{\"count\": \"*\", \"as\": \"c" + i + "\"}") + "}"));
    }

    @Test
    void anOrderbyOf32TermsIsAcceptedAndOneMoreIsRefused() {
        query("book", "{\"orderby\": " + list(32, i -> "\"title\"") + "}");
        assertError(
                400,
                "query_too_complex",
                "'orderby' has 33 terms; at most 32 are allowed",
                refused("QUERY", "book", "{\"orderby\": \"" + "id,".repeat(32) + "id\"}"));
    }

    @Test
    void aGroupbyOf32ColumnsIsAcceptedAndOneMoreIsRefused() {
        query("book", "{\"select\": [{\"count\": \"*\"}], \"groupby\": " + list(32, i -> "\"year\"") + "}");
        assertError(
                400,
                "query_too_complex",
                "'groupby' has 2100 columns; at most 32 are allowed",
                refused(
                        "QUERY",
                        "book",
                        "{\"select\": [{\"count\": \"*\"}], \"groupby\": " + list(2100, i -> "\"year\"") + "}"));
    }

    @Test
    void aPostOf10000RowsIsAcceptedAndOneMoreIs413() {
        String row = "{\"title\": \"x\"}";
        Insert insert = (Insert) parser.parse(Call.of("POST", "book", Optional.empty(), list(10_000, i -> row)));
        assertEquals(10_000, insert.rows().size());
        TiddlyException error = refused("POST", "book", list(10_001, i -> row));
        assertInstanceOf(TooManyRowsException.class, error);
        assertError(
                413,
                "too_many_rows",
                "the POST has 10001 rows; at most 10000 are allowed in one request: send them in several",
                error);
    }

    @Test
    void permissionRulesAreTheOperatorsAndNotBounded() {
        Where rule = new RuleParser(SCHEMA)
                .where(
                        BOOK,
                        JsonParser.parseString("{\"or\": " + list(1001, i -> "{\"id\": \"" + i + "\"}")
                                + ", \"title\": {" + "\"like\": \"" + "a".repeat(1001) + "\"}}"));
        assertInstanceOf(Where.And.class, rule);
    }
}
