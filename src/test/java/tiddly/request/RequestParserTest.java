package tiddly.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tiddly.query.Delete;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.query.Where.Operator;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Schema;
import tiddly.schema.Table;
import tiddly.schema.UnknownTableException;

class RequestParserTest {
    private static final long MAX = 1000;

    // book(id INTEGER PRIMARY KEY, title TEXT NOT NULL, year INTEGER, in_print BOOLEAN, price REAL, password TEXT)
    private static final Column ID = column("id", "INTEGER", false, true, true, false, false);
    private static final Column TITLE = column("title", "TEXT", false, false, false, false, false);
    private static final Column YEAR = column("year", "INTEGER", true, false, false, false, false);
    private static final Column IN_PRINT = column("in_print", "BOOLEAN", true, false, false, false, false);
    private static final Column PRICE = column("price", "REAL", true, false, false, false, false);
    private static final Column PASSWORD = column("password", "TEXT", true, false, false, false, true);
    private static final Table BOOK =
            new Table("book", false, List.of(ID, TITLE, YEAR, IN_PRINT, PRICE, PASSWORD), List.of(ID), List.of());

    // tag(book_id INTEGER NOT NULL, name TEXT NOT NULL, color TEXT, PRIMARY KEY (book_id, name))
    private static final Column TAG_BOOK_ID = column("book_id", "INTEGER", false, true, false, false, false);
    private static final Column TAG_NAME = column("name", "TEXT", false, true, false, false, false);
    private static final Column TAG_COLOR = column("color", "TEXT", true, false, false, false, false);
    private static final Table TAG = new Table(
            "tag", false, List.of(TAG_BOOK_ID, TAG_NAME, TAG_COLOR), List.of(TAG_BOOK_ID, TAG_NAME), List.of());

    // author(id INTEGER PRIMARY KEY, name TEXT NOT NULL, shout TEXT GENERATED ALWAYS AS (upper(name)),
    //        photo BLOB, rating NUMERIC, extra)
    private static final Column AUTHOR_ID = column("id", "INTEGER", false, true, true, false, false);
    private static final Column AUTHOR_NAME = column("name", "TEXT", false, false, false, false, false);
    private static final Column SHOUT = column("shout", "TEXT", true, false, true, true, false);
    private static final Column PHOTO = column("photo", "BLOB", true, false, false, false, false);
    private static final Column RATING = column("rating", "NUMERIC", true, false, false, false, false);
    private static final Column EXTRA = column("extra", "", true, false, false, false, false);
    private static final Table AUTHOR = new Table(
            "author",
            false,
            List.of(AUTHOR_ID, AUTHOR_NAME, SHOUT, PHOTO, RATING, EXTRA),
            List.of(AUTHOR_ID),
            List.of());

    // CREATE VIEW book_titles AS SELECT id, title FROM book
    private static final Table BOOK_TITLES = new Table(
            "book_titles",
            true,
            List.of(
                    column("id", "INTEGER", true, false, false, false, false),
                    column("title", "TEXT", true, false, false, false, false)),
            List.of(),
            List.of());

    private static final List<Order> BY_ID = List.of(new Order(ID, false, Order.Nulls.DEFAULT));

    private final RequestParser parser = new RequestParser(new Schema(List.of(BOOK, TAG, AUTHOR, BOOK_TITLES)), MAX);

    private static Column column(
            String name,
            String declared,
            boolean nullable,
            boolean primaryKey,
            boolean generated,
            boolean readOnly,
            boolean hidden) {
        return new Column(
                name,
                declared,
                ColumnType.ofDeclared(declared),
                nullable,
                Optional.empty(),
                primaryKey,
                generated,
                readOnly,
                hidden);
    }

    // ---- helpers

    private static Call call(String verb, String table, String body) {
        return new Call(verb, table, Optional.empty(), body, Map.of());
    }

    private static Call keyed(String verb, String table, String key, String body) {
        return new Call(verb, table, Optional.of(key), body, Map.of());
    }

    /** GET /table?name=value&...; names and values as the http stage hands them over, decoded. */
    private static Call get(String table, String... namesAndValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return new Call("GET", table, Optional.empty(), "", params);
    }

    private static Call fetch(String body) {
        return call("FETCH", "book", body);
    }

    /** A row of column, value pairs; a value may be null. */
    private static Row row(Object... columnsAndValues) {
        Map<Column, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            values.put((Column) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return new Row(values);
    }

    /** FETCH /book with the given where and every default. */
    private static Fetch bookFetch(Where where) {
        return new Fetch(BOOK, where, BY_ID, new Page(MAX, 0), false);
    }

    private Where whereOf(String body) {
        return ((Fetch) parser.parse(fetch(body))).where();
    }

    private BadRequestException rejected(Call call, String code, String message) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> parser.parse(call));
        assertEquals(400, e.status());
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
        return e;
    }

    // ---- where

    @Test
    void aValueInWhereIsEquality() {
        assertEquals(bookFetch(new Where.Compare(TITLE, Operator.EQ, "Dune")), parser.parse(fetch("""
            {"where": {"title": "Dune"}}\
            """)));
    }

    @Test
    void nullInWhereIsIsNull() {
        assertEquals(new Where.Is(YEAR, Where.Literal.NULL), whereOf("""
            {"where": {"year": null}}\
            """));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"eq, EQ", "ne, NE", "gt, GT", "gte, GTE", "lt, LT", "lte, LTE"})
    void eachComparisonOperatorBecomesItsOperator(String name, Operator operator) {
        assertEquals(new Where.Compare(YEAR, operator, 1965L), whereOf("""
            {"where": {"year": {"%s": 1965}}}\
            """.formatted(name)));
    }

    @Test
    void inListsTheValuesConverted() {
        assertEquals(new Where.In(YEAR, List.of(1965L, 1969L), false), whereOf("""
            {"where": {"year": {"in": [1965, 1969]}}}\
            """));
    }

    @Test
    void ninIsANegatedIn() {
        assertEquals(new Where.In(TITLE, List.of("Dune", "Emma"), true), whereOf("""
            {"where": {"title": {"nin": ["Dune", "Emma"]}}}\
            """));
    }

    @Test
    void inWithAnEmptyArrayIsKeptEmpty() {
        assertEquals(new Where.In(YEAR, List.of(), false), whereOf("""
            {"where": {"year": {"in": []}}}\
            """));
    }

    @Test
    void likeAndIlikeKeepTheirPattern() {
        assertEquals(new Where.Compare(TITLE, Operator.LIKE, "Du%"), whereOf("""
            {"where": {"title": {"like": "Du%"}}}\
            """));
        assertEquals(new Where.Compare(TITLE, Operator.ILIKE, "du%"), whereOf("""
            {"where": {"title": {"ilike": "du%"}}}\
            """));
    }

    @Test
    void isTakesNullTrueOrFalse() {
        assertEquals(new Where.Is(IN_PRINT, Where.Literal.NULL), whereOf("""
            {"where": {"in_print": {"is": null}}}\
            """));
        assertEquals(new Where.Is(IN_PRINT, Where.Literal.TRUE), whereOf("""
            {"where": {"in_print": {"is": true}}}\
            """));
        assertEquals(new Where.Is(IN_PRINT, Where.Literal.FALSE), whereOf("""
            {"where": {"in_print": {"is": false}}}\
            """));
    }

    @Test
    void andOrAndNotNest() {
        Where expected = new Where.Or(List.of(
                new Where.Compare(YEAR, Operator.LT, 1950L),
                new Where.And(List.of(
                        new Where.Compare(IN_PRINT, Operator.EQ, true),
                        new Where.Not(new Where.Compare(TITLE, Operator.LIKE, "The%"))))));
        assertEquals(expected, whereOf("""
            {"where": {"or": [
                {"year": {"lt": 1950}},
                {"and": [{"in_print": true}, {"not": {"title": {"like": "The%"}}}]}
            ]}}\
            """));
    }

    @Test
    void severalKeysOfOneObjectAreAndedInOrder() {
        assertEquals(
                new Where.And(List.of(
                        new Where.Compare(TITLE, Operator.EQ, "Dune"),
                        new Where.Compare(YEAR, Operator.EQ, 1965L),
                        new Where.Is(PRICE, Where.Literal.NULL))),
                whereOf("""
                    {"where": {"title": "Dune", "year": 1965, "price": null}}\
                    """));
    }

    @Test
    void severalOperatorsOnOneColumnAreAnded() {
        assertEquals(
                new Where.And(List.of(
                        new Where.Compare(YEAR, Operator.GTE, 1950L), new Where.Compare(YEAR, Operator.LT, 2000L))),
                whereOf("""
                    {"where": {"year": {"gte": 1950, "lt": 2000}}}\
                    """));
    }

    @Test
    void eqNullIsIsNullAndNeNullIsNotIsNull() {
        assertEquals(new Where.Is(YEAR, Where.Literal.NULL), whereOf("""
            {"where": {"year": {"eq": null}}}\
            """));
        assertEquals(new Where.Not(new Where.Is(YEAR, Where.Literal.NULL)), whereOf("""
            {"where": {"year": {"ne": null}}}\
            """));
    }

    @Test
    void anEmptyWhereMatchesEveryRow() {
        assertEquals(Where.ALL, whereOf("""
            {"where": {}}\
            """));
        assertEquals(Where.ALL, whereOf("""
            {"where": null}\
            """));
    }

    @Test
    void theLargestLongParsesExactly() {
        Where where = whereOf("""
            {"where": {"id": 9223372036854775807}}\
            """);
        assertEquals(new Where.Compare(ID, Operator.EQ, 9223372036854775807L), where);
        assertInstanceOf(Long.class, ((Where.Compare) where).value());
    }

    @Test
    void aWholeNumberWithAFractionIsAnIntegerForAnIntegerColumn() {
        assertEquals(new Where.Compare(YEAR, Operator.EQ, 1L), whereOf("""
            {"where": {"year": 1.0}}\
            """));
        assertEquals(new Where.Compare(YEAR, Operator.EQ, 1000L), whereOf("""
            {"where": {"year": 1e3}}\
            """));
    }

    @Test
    void aNumberForARealColumnIsADouble() {
        assertEquals(new Where.Compare(PRICE, Operator.GT, 10.0), whereOf("""
            {"where": {"price": {"gt": 10}}}\
            """));
        assertEquals(new Where.Compare(PRICE, Operator.LT, 9.99), whereOf("""
            {"where": {"price": {"lt": 9.99}}}\
            """));
    }

    @Test
    void aBooleanColumnTakesJsonBooleans() {
        assertEquals(new Where.Compare(IN_PRINT, Operator.EQ, false), whereOf("""
            {"where": {"in_print": false}}\
            """));
    }

    // ---- orderby and page

    @Test
    void theDefaultOrderIsThePrimaryKeyAndTheDefaultLimitIsTheMaximum() {
        assertEquals(bookFetch(Where.ALL), parser.parse(fetch("{}")));
    }

    @Test
    void anEmptyFetchBodyFetchesWithDefaults() {
        assertEquals(bookFetch(Where.ALL), parser.parse(fetch("")));
        assertEquals(bookFetch(Where.ALL), parser.parse(fetch("  \n")));
    }

    @Test
    void orderbyAsAStringListsTermsAndEndsWithTheKey() {
        Fetch fetch = (Fetch) parser.parse(fetch("""
            {"orderby": "year desc, title"}\
            """));
        assertEquals(
                List.of(
                        new Order(YEAR, true, Order.Nulls.DEFAULT),
                        new Order(TITLE, false, Order.Nulls.DEFAULT),
                        new Order(ID, false, Order.Nulls.DEFAULT)),
                fetch.orderBy());
    }

    @Test
    void orderbyAsAnArrayWithAscDescAndNulls() {
        Fetch fetch = (Fetch) parser.parse(fetch("""
            {"orderby": ["year desc nulls last", "title asc", "price nulls first"]}\
            """));
        assertEquals(
                List.of(
                        new Order(YEAR, true, Order.Nulls.LAST),
                        new Order(TITLE, false, Order.Nulls.DEFAULT),
                        new Order(PRICE, false, Order.Nulls.FIRST),
                        new Order(ID, false, Order.Nulls.DEFAULT)),
                fetch.orderBy());
    }

    @Test
    void orderbyKeywordsIgnoreCase() {
        Fetch fetch = (Fetch) parser.parse(fetch("""
            {"orderby": "year DESC NULLS FIRST"}\
            """));
        assertEquals(
                List.of(new Order(YEAR, true, Order.Nulls.FIRST), new Order(ID, false, Order.Nulls.DEFAULT)),
                fetch.orderBy());
    }

    @Test
    void aKeyAlreadyInTheOrderIsNotAppendedAgain() {
        Fetch fetch = (Fetch) parser.parse(fetch("""
            {"orderby": "id desc"}\
            """));
        assertEquals(List.of(new Order(ID, true, Order.Nulls.DEFAULT)), fetch.orderBy());
    }

    @Test
    void everyColumnOfACompositeKeyEndsTheOrderInKeyOrder() {
        Fetch fetch = (Fetch) parser.parse(call("FETCH", "tag", """
            {"orderby": "name desc"}\
            """));
        assertEquals(
                List.of(
                        new Order(TAG_NAME, true, Order.Nulls.DEFAULT),
                        new Order(TAG_BOOK_ID, false, Order.Nulls.DEFAULT)),
                fetch.orderBy());
        assertEquals(
                List.of(
                        new Order(TAG_BOOK_ID, false, Order.Nulls.DEFAULT),
                        new Order(TAG_NAME, false, Order.Nulls.DEFAULT)),
                ((Fetch) parser.parse(call("FETCH", "tag", ""))).orderBy());
    }

    @Test
    void aViewHasNoDefaultOrder() {
        assertEquals(
                new Fetch(BOOK_TITLES, Where.ALL, List.of(), new Page(MAX, 0), false),
                parser.parse(call("FETCH", "book_titles", "")));
    }

    @Test
    void limitAndOffsetMakeThePage() {
        assertEquals(new Page(10, 20), ((Fetch) parser.parse(fetch("""
            {"limit": 10, "offset": 20}\
            """))).page());
        assertEquals(new Page(MAX, 5), ((Fetch) parser.parse(fetch("""
            {"offset": 5}\
            """))).page());
        assertEquals(new Page(MAX, 0), ((Fetch) parser.parse(fetch("""
            {"limit": 1000}\
            """))).page());
        assertEquals(new Page(0, 0), ((Fetch) parser.parse(fetch("""
            {"limit": 0}\
            """))).page());
    }

    @Test
    void aFullFetchBodyBecomesOneFetch() {
        assertEquals(
                new Fetch(
                        BOOK,
                        new Where.Compare(IN_PRINT, Operator.EQ, true),
                        List.of(new Order(YEAR, false, Order.Nulls.DEFAULT), new Order(ID, false, Order.Nulls.DEFAULT)),
                        new Page(2, 4),
                        false),
                parser.parse(fetch("""
                    {"where": {"in_print": true}, "orderby": "year", "limit": 2, "offset": 4}\
                    """)));
    }

    // ---- GET query parameters

    @Test
    void getWithoutParametersFetchesWithDefaults() {
        assertEquals(bookFetch(Where.ALL), parser.parse(get("book")));
    }

    @Test
    void aQueryParameterIsEqualityConvertedByColumnType() {
        assertEquals(
                bookFetch(new Where.Compare(TITLE, Operator.EQ, "Dune")), parser.parse(get("book", "title", "Dune")));
        assertEquals(bookFetch(new Where.Compare(YEAR, Operator.EQ, 1965L)), parser.parse(get("book", "year", "1965")));
        assertEquals(
                bookFetch(new Where.Compare(IN_PRINT, Operator.EQ, true)),
                parser.parse(get("book", "in_print", "true")));
        assertEquals(bookFetch(new Where.Compare(PRICE, Operator.EQ, 9.5)), parser.parse(get("book", "price", "9.5")));
    }

    @Test
    void aBracketedOperatorInAQueryParameterApplies() {
        assertEquals(
                bookFetch(new Where.Compare(YEAR, Operator.GT, 1960L)), parser.parse(get("book", "year[gt]", "1960")));
        assertEquals(
                bookFetch(new Where.Compare(TITLE, Operator.LIKE, "Du%")),
                parser.parse(get("book", "title[like]", "Du%")));
        assertEquals(
                bookFetch(new Where.Is(IN_PRINT, Where.Literal.NULL)),
                parser.parse(get("book", "in_print[is]", "null")));
        assertEquals(
                bookFetch(new Where.Is(IN_PRINT, Where.Literal.TRUE)),
                parser.parse(get("book", "in_print[is]", "true")));
    }

    @Test
    void inAsAQueryParameterSplitsOnCommas() {
        assertEquals(bookFetch(new Where.In(ID, List.of(1L, 2L), false)), parser.parse(get("book", "id[in]", "1,2")));
        assertEquals(
                bookFetch(new Where.In(TITLE, List.of("Dune", "Emma"), true)),
                parser.parse(get("book", "title[nin]", "Dune,Emma")));
    }

    @Test
    void whereAsAQueryParameterIsJson() {
        assertEquals(bookFetch(new Where.Compare(YEAR, Operator.LT, 1950L)), parser.parse(get("book", "where", """
            {"year": {"lt": 1950}}\
            """)));
    }

    @Test
    void filterParametersAreAndedWithTheWhereParameter() {
        assertEquals(
                bookFetch(new Where.And(List.of(
                        new Where.Compare(TITLE, Operator.EQ, "Dune"), new Where.Compare(YEAR, Operator.EQ, 1965L)))),
                parser.parse(get("book", "where", """
                    {"year": 1965}\
                    """, "title", "Dune")));
    }

    @Test
    void filterParametersAreAndedInTheOrderGiven() {
        // Call documents its params as "in order"; the http stage hands them over in a LinkedHashMap.
        Fetch fetch = (Fetch) parser.parse(get(
                "book", "title", "Dune", "year[gte]", "1960", "in_print", "true", "price[lt]", "20", "id[ne]", "3"));
        assertEquals(
                new Where.And(List.of(
                        new Where.Compare(TITLE, Operator.EQ, "Dune"),
                        new Where.Compare(YEAR, Operator.GTE, 1960L),
                        new Where.Compare(IN_PRINT, Operator.EQ, true),
                        new Where.Compare(PRICE, Operator.LT, 20.0),
                        new Where.Compare(ID, Operator.NE, 3L))),
                fetch.where());
    }

    @Test
    void limitOffsetAndOrderbyAreQueryParameters() {
        assertEquals(
                new Fetch(
                        BOOK,
                        Where.ALL,
                        List.of(new Order(YEAR, true, Order.Nulls.LAST), new Order(ID, false, Order.Nulls.DEFAULT)),
                        new Page(5, 10),
                        false),
                parser.parse(get("book", "limit", "5", "offset", "10", "orderby", "year desc nulls last")));
    }

    // ---- by key

    @Test
    void getByKeyFetchesOneRow() {
        assertEquals(
                new Fetch(BOOK, new Where.Compare(ID, Operator.EQ, 7L), List.of(), new Page(1, 0), true),
                parser.parse(keyed("GET", "book", "7", "")));
    }

    @Test
    void deleteByKeyDeletesOneRow() {
        assertEquals(
                new Delete(BOOK, new Where.Compare(ID, Operator.EQ, 7L), true),
                parser.parse(keyed("DELETE", "book", "7", "")));
    }

    @Test
    void putByKeyUpdatesTheGivenColumns() {
        assertEquals(
                new Update(
                        BOOK,
                        new Where.Compare(ID, Operator.EQ, 7L),
                        row(TITLE, "Dune", YEAR, null, PASSWORD, "s3cret")),
                parser.parse(keyed("PUT", "book", "7", """
                    {"title": "Dune", "year": null, "password": "s3cret"}\
                    """)));
    }

    @Test
    void putByKeyDropsABodyKeyThatMatchesTheUrl() {
        assertEquals(
                new Update(BOOK, new Where.Compare(ID, Operator.EQ, 7L), row(TITLE, "Dune")),
                parser.parse(keyed("PUT", "book", "7", """
                    {"id": 7, "title": "Dune"}\
                    """)));
    }

    @Test
    void putWithoutAKeyTakesTheKeyFromTheBody() {
        assertEquals(
                new Update(BOOK, new Where.Compare(ID, Operator.EQ, 7L), row(TITLE, "Dune", PRICE, 9.5)),
                parser.parse(call("PUT", "book", """
                    {"title": "Dune", "id": 7, "price": 9.5}\
                    """)));
    }

    @Test
    void putWithoutAKeyTakesACompositeKeyFromTheBody() {
        assertEquals(
                new Update(
                        TAG,
                        new Where.And(List.of(
                                new Where.Compare(TAG_BOOK_ID, Operator.EQ, 1L),
                                new Where.Compare(TAG_NAME, Operator.EQ, "sf"))),
                        row(TAG_COLOR, "red")),
                parser.parse(call("PUT", "tag", """
                    {"book_id": 1, "name": "sf", "color": "red"}\
                    """)));
    }

    @Test
    void deleteWithAWhereDeletesEveryMatchingRow() {
        assertEquals(
                new Delete(BOOK, new Where.Compare(YEAR, Operator.LT, 1900L), false),
                parser.parse(call("DELETE", "book", """
                    {"where": {"year": {"lt": 1900}}}\
                    """)));
    }

    // ---- POST

    @Test
    void postAnObjectInsertsOneRow() {
        assertEquals(
                new Insert(
                        BOOK,
                        List.of(row(TITLE, "Dune", YEAR, 1965L, IN_PRINT, true, PRICE, 9.5, PASSWORD, "s3cret")),
                        true),
                parser.parse(call("POST", "book", """
                    {"title": "Dune", "year": 1965, "in_print": true, "price": 9.5, "password": "s3cret"}\
                    """)));
    }

    @Test
    void postAnArrayInsertsEveryRow() {
        assertEquals(
                new Insert(BOOK, List.of(row(TITLE, "Dune"), row(TITLE, "Emma", YEAR, null, ID, 2L)), false),
                parser.parse(call("POST", "book", """
                    [{"title": "Dune"}, {"title": "Emma", "year": null, "id": 2}]\
                    """)));
    }

    @Test
    void aDoubleEncodedBodyIsUnwrappedOnce() {
        assertEquals(
                new Insert(BOOK, List.of(row(TITLE, "Dune", YEAR, 1965L)), true),
                parser.parse(call("POST", "book", "\"{\\\"title\\\": \\\"Dune\\\", \\\"year\\\": 1965}\"")));
    }

    @Test
    void postConvertsEachValueByItsColumnType() {
        Insert insert = (Insert) parser.parse(call("POST", "author", """
            {"name": "Le Guin", "photo": "AQID", "rating": 4.5, "extra": "x"}\
            """));
        Map<Column, Object> values = insert.rows().get(0).values();
        assertEquals(List.of(AUTHOR_NAME, PHOTO, RATING, EXTRA), List.copyOf(values.keySet()));
        assertEquals("Le Guin", values.get(AUTHOR_NAME));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) values.get(PHOTO));
        assertEquals(4.5, values.get(RATING));
        assertEquals("x", values.get(EXTRA));

        assertEquals(
                new Insert(AUTHOR, List.of(row(AUTHOR_NAME, "Le Guin", RATING, 4L, EXTRA, true)), true),
                parser.parse(call("POST", "author", """
                    {"name": "Le Guin", "rating": 4, "extra": true}\
                    """)));
        assertEquals(
                new Insert(AUTHOR, List.of(row(AUTHOR_NAME, "Le Guin", EXTRA, 12L)), true),
                parser.parse(call("POST", "author", """
                    {"name": "Le Guin", "extra": 12}\
                    """)));
    }

    @Test
    void theLargestLongIsInsertedExactly() {
        Insert insert = (Insert) parser.parse(call("POST", "book", """
            {"title": "Dune", "year": 9223372036854775807}\
            """));
        assertEquals(List.of(row(TITLE, "Dune", YEAR, 9223372036854775807L)), insert.rows());
        assertInstanceOf(Long.class, insert.rows().get(0).values().get(YEAR));
    }

    @Test
    void aPairedSurrogateEscapeIsOneCharacter() {
        assertEquals(
                new Insert(BOOK, List.of(row(TITLE, "\uD83D\uDE00")), true),
                parser.parse(call("POST", "book", "{\"title\": \"\\ud83d\\ude00\"}")));
    }

    // ---- rejected JSON

    @Test
    void truncatedJsonIs400() {
        rejected(fetch("{\"where\": "), "invalid_json", "body is not valid JSON: it ends too early");
    }

    @Test
    void malformedJsonIs400WithThePosition() {
        rejected(fetch("""
            {"where" {}}\
            """), "invalid_json", "body is not valid JSON (line 1, column 11)");
    }

    @Test
    void commentsAreRejected() {
        rejected(fetch("""
            {"limit": 1 /* one */}\
            """), "invalid_json", "body is not valid JSON (line 1, column 14)");
    }

    @Test
    void singleQuotesAreRejected() {
        rejected(fetch("""
            {'limit': 1}\
            """), "invalid_json", "body is not valid JSON (line 1, column 3)");
    }

    @Test
    void nanIsRejected() {
        rejected(call("POST", "book", """
            {"title": "Dune", "price": NaN}\
            """), "invalid_json", "body is not valid JSON (line 1, column 28)");
    }

    @Test
    void duplicateKeysAreRejected() {
        rejected(call("POST", "book", """
            {"title": "Dune", "title": "Emma"}\
            """), "invalid_json", "JSON has a duplicate key 'title'");
    }

    @Test
    void anUnpairedSurrogateEscapeIsRejected() {
        rejected(call("POST", "book", """
            {"title": "\\ud800"}\
            """), "invalid_json", "JSON string holds an unpaired surrogate");
    }

    @Test
    void nestingDeeperThan64IsRejected() {
        rejected(
                call("POST", "book", "[".repeat(65) + "]".repeat(65)),
                "invalid_json",
                "body is not valid JSON: nested deeper than 64 levels");
        // 64 levels are still JSON; the body is then refused for its shape, not its depth.
        rejected(
                call("POST", "book", "[".repeat(64) + "]".repeat(64)),
                "invalid_body",
                "each element of the array must be a JSON object");
    }

    @Test
    void trailingDataIsRejected() {
        rejected(fetch("{} {}"), "invalid_json", "body is not valid JSON: unexpected data after the value");
    }

    @Test
    void aWhereQueryParameterMustBeValidJson() {
        rejected(
                get("book", "where", "{\"year\": "),
                "invalid_json",
                "query parameter 'where' is not valid JSON: it ends too early");
    }

    // ---- rejected names

    @Test
    void anUnknownTableIs404() {
        UnknownTableException e =
                assertThrows(UnknownTableException.class, () -> parser.parse(call("FETCH", "books", "")));
        assertEquals(404, e.status());
        assertEquals("unknown_table", e.code());
        assertEquals("unknown table 'books'", e.getMessage());
    }

    @Test
    void anUnknownColumnInWhereIs400() {
        rejected(fetch("""
            {"where": {"titel": "Dune"}}\
            """), "unknown_column", "unknown column 'titel' in where of table 'book'");
    }

    @Test
    void anUnknownColumnInANestedWhereIs400() {
        rejected(fetch("""
            {"where": {"or": [{"year": 1}, {"not": {"yaer": 2}}]}}\
            """), "unknown_column", "unknown column" + " 'yaer'" + " in where" + " of table" + " 'book'");
    }

    @Test
    void anUnknownColumnInAQueryParameterIs400() {
        rejected(get("book", "titel", "Dune"), "unknown_column", "unknown column 'titel' in where of table 'book'");
    }

    @Test
    void columnNamesAreCaseSensitive() {
        rejected(fetch("""
            {"where": {"Title": "Dune"}}\
            """), "unknown_column", "unknown column 'Title' in where of table 'book'");
    }

    @Test
    void anUnknownColumnInOrderbyIs400() {
        rejected(fetch("""
            {"orderby": "year, titel desc"}\
            """), "unknown_column", "unknown column 'titel' in orderby of table" + " 'book'");
    }

    @Test
    void aHiddenColumnInWhereIs400() {
        rejected(fetch("""
            {"where": {"password": "s3cret"}}\
            """), "hidden_column", "column 'password' is hidden and cannot be" + " used in where");
        rejected(
                get("book", "password", "s3cret"),
                "hidden_column",
                "column 'password' is hidden and cannot be used in where");
    }

    @Test
    void aHiddenColumnInOrderbyIs400() {
        rejected(fetch("""
            {"orderby": "password"}\
            """), "hidden_column", "column 'password' is hidden and cannot be used in" + " orderby");
    }

    @Test
    void anUnknownOperatorIs400() {
        rejected(
                fetch("""
                    {"where": {"year": {"gt": 1, "between": [1, 2]}}}\
                    """),
                "unknown_operator",
                "unknown operator 'between' on column 'year'; expected one of eq, ne, gt, gte, lt, lte, in, nin, like,"
                        + " ilike, is");
        rejected(
                get("book", "year[after]", "1"),
                "unknown_operator",
                "unknown operator 'after' on column 'year'; expected one of eq, ne, gt, gte, lt, lte, in, nin, like,"
                        + " ilike, is");
    }

    // ---- rejected where shapes

    @Test
    void whereMustBeAnObject() {
        rejected(fetch("""
            {"where": [1]}\
            """), "invalid_body", "'where' must be an object, like {\"id\": 1}");
    }

    @Test
    void andAndOrTakeANonEmptyArrayOfObjects() {
        rejected(fetch("""
            {"where": {"and": []}}\
            """), "invalid_body", "'and' takes a non-empty array of conditions");
        rejected(fetch("""
            {"where": {"or": {"year": 1}}}\
            """), "invalid_body", "'or' takes a non-empty array of conditions");
        rejected(fetch("""
            {"where": {"or": [1]}}\
            """), "invalid_body", "'or' takes an array of objects");
        rejected(fetch("""
            {"where": {"not": [{"year": 1}]}}\
            """), "invalid_body", "'not' takes an object");
    }

    @Test
    void anArrayAsAColumnValueIs400() {
        rejected(
                fetch("""
                    {"where": {"year": [1, 2]}}\
                    """),
                "invalid_body",
                "column 'year' in where got an array; use {\"in\": [...]} to match any of several values");
    }

    @Test
    void anEmptyOperatorObjectIs400() {
        rejected(fetch("""
            {"where": {"year": {}}}\
            """), "invalid_body", "column 'year' in where has an empty operator object");
    }

    @Test
    void aComparisonWithNullIs400() {
        rejected(
                fetch("""
                    {"where": {"year": {"gt": null}}}\
                    """),
                "invalid_body",
                "operator 'gt' on column 'year' takes a single value, not null; use {\"is\": null}");
        rejected(fetch("""
            {"where": {"year": {"lte": [1]}}}\
            """), "invalid_body", "operator 'lte' on column 'year' takes" + " a single value");
    }

    @Test
    void likeTakesAStringPattern() {
        rejected(
                fetch("""
                    {"where": {"title": {"like": 5}}}\
                    """),
                "invalid_body",
                "operator 'like' on column 'title'" + " takes a string pattern, like" + " \"A%\"");
    }

    @Test
    void inTakesAnArrayOfSingleValues() {
        rejected(fetch("""
            {"where": {"year": {"in": 1965}}}\
            """), "invalid_body", "operator 'in' on column 'year' takes" + " an array of values");
        rejected(
                fetch("""
                    {"where": {"year": {"nin": [1965, null]}}}\
                    """),
                "invalid_body",
                "operator 'nin' on column 'year' takes an array of single values; for null use {\"is\": null}");
    }

    @Test
    void isTakesOnlyNullTrueOrFalse() {
        rejected(fetch("""
            {"where": {"in_print": {"is": "true"}}}\
            """), "invalid_body", "operator 'is' on column" + " 'in_print' takes null," + " true or false");
        rejected(
                get("book", "in_print[is]", "yes"),
                "invalid_body",
                "operator 'is' on column 'in_print' takes null, true or false");
    }

    // ---- rejected values

    @Test
    void aStringForAnIntegerColumnIs400() {
        BadRequestException e = rejected(fetch("""
            {"where": {"year": "1965"}}\
            """), "invalid_value", "column 'year' expects an integer, got \"1965\"");
        assertEquals(Map.of("year", "expects an integer, got \"1965\""), e.details());
    }

    @Test
    void aFractionForAnIntegerColumnIs400() {
        rejected(fetch("""
            {"where": {"year": 1.5}}\
            """), "invalid_value", "column 'year' expects an integer, got 1.5");
    }

    @Test
    void anIntegerBeyondALongIs400() {
        rejected(fetch("""
            {"where": {"id": 9223372036854775808}}\
            """), "invalid_value", "column 'id' expects an integer," + " got 9223372036854775808");
    }

    @Test
    void aNumberForATextColumnIs400() {
        rejected(fetch("""
            {"where": {"title": 5}}\
            """), "invalid_value", "column 'title' expects a string, got 5");
    }

    @Test
    void aBooleanForANumberColumnIs400() {
        rejected(fetch("""
            {"where": {"price": true}}\
            """), "invalid_value", "column 'price' expects a number, got true");
        rejected(fetch("""
            {"where": {"year": {"in": [1, false]}}}\
            """), "invalid_value", "column 'year' expects an integer, got" + " false");
    }

    @Test
    void aNumberBeyondADoubleIsOutOfRange() {
        rejected(fetch("""
            {"where": {"price": 1e400}}\
            """), "invalid_value", "column 'price' is out of range: 1E+400");
    }

    @Test
    void aNumberOrStringForABooleanColumnIs400() {
        rejected(fetch("""
            {"where": {"in_print": 1}}\
            """), "invalid_value", "column 'in_print' expects a boolean, got 1");
        rejected(fetch("""
            {"where": {"in_print": "true"}}\
            """), "invalid_value", "column 'in_print' expects a boolean, got" + " \"true\"");
    }

    @Test
    void anObjectForAColumnValueIs400() {
        rejected(call("POST", "book", """
            {"title": {"text": "Dune"}}\
            """), "invalid_value", "column 'title' expects a string, got an object");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIs400() {
        rejected(get("book", "year", "abc"), "invalid_value", "column 'year' expects an integer, got 'abc'");
        rejected(get("book", "year[gt]", "1.5"), "invalid_value", "column 'year' expects an integer, got '1.5'");
        rejected(get("book", "in_print", "yes"), "invalid_value", "column 'in_print' expects a boolean, got 'yes'");
        rejected(get("book", "id[in]", "1,x"), "invalid_value", "column 'id' expects an integer, got 'x'");
    }

    @Test
    void aKeyOfTheWrongTypeIs400() {
        rejected(keyed("GET", "book", "abc", ""), "invalid_value", "column 'id' expects an integer, got 'abc'");
        rejected(keyed("DELETE", "book", "1.5", ""), "invalid_value", "column 'id' expects an integer, got '1.5'");
    }

    @Test
    void aQueryParameterGivenTwiceIs400() {
        rejected(get("book", "year", "1", "year", "2"), "invalid_body", "query parameter 'year' is given 2 times");
    }

    // ---- rejected orderby and page

    @Test
    void orderbyMustBeAStringOrAnArrayOfStrings() {
        rejected(fetch("""
            {"orderby": 1}\
            """), "invalid_orderby", "'orderby' must be a string or an array of strings");
        rejected(fetch("""
            {"orderby": ["year", 1]}\
            """), "invalid_orderby", "'orderby' must be a string or an array of strings");
    }

    @Test
    void anEmptyOrderbyTermIs400() {
        rejected(fetch("""
            {"orderby": "year,"}\
            """), "invalid_orderby", "'orderby' has an empty term");
    }

    @Test
    void aLimitAboveTheMaximumIs400() {
        rejected(fetch("""
            {"limit": 1001}\
            """), "invalid_limit", "'limit' 1001 is above the maximum of 1000");
        rejected(get("book", "limit", "5000"), "invalid_limit", "'limit' 5000 is above the maximum of 1000");
    }

    @Test
    void aLimitTooLargeForALongIsStillAboveTheMaximum() {
        rejected(fetch("""
            {"limit": 99999999999999999999}\
            """), "invalid_limit", "'limit' 99999999999999999999 is above" + " the maximum of 1000");
    }

    @Test
    void aNegativeLimitIs400() {
        rejected(fetch("""
            {"limit": -1}\
            """), "invalid_limit", "'limit' must be a non-negative integer, got -1");
        rejected(fetch("""
            {"offset": -5}\
            """), "invalid_limit", "'offset' must be a non-negative integer, got -5");
        rejected(get("book", "limit", "-1"), "invalid_limit", "'limit' must be a non-negative integer, got -1");
    }

    @Test
    void aLimitThatIsNotAnIntegerIs400() {
        rejected(fetch("""
            {"limit": 1.5}\
            """), "invalid_limit", "'limit' must be a non-negative integer, got 1.5");
        rejected(fetch("""
            {"limit": "10"}\
            """), "invalid_limit", "'limit' must be a non-negative integer, got \"10\"");
        rejected(get("book", "limit", "ten"), "invalid_limit", "'limit' must be a non-negative integer, got 'ten'");
        rejected(get("book", "offset", ""), "invalid_limit", "'offset' must be a non-negative integer, got ''");
    }

    @Test
    void anUnknownFetchKeyIs400() {
        rejected(
                fetch("""
                    {"where": {}, "limt": 5}\
                    """),
                "invalid_body",
                "unknown key 'limt' in the FETCH body; expected where, orderby, limit or offset");
    }

    @Test
    void aFetchBodyMustBeAnObject() {
        rejected(fetch("[]"), "invalid_body", "the FETCH body must be a JSON object");
    }

    // ---- rejected writes

    @Test
    void deleteWithoutAWhereIs400() {
        String message = "DELETE /book needs a non-empty 'where' in the body; to delete one row use DELETE /book/<key>";
        rejected(call("DELETE", "book", ""), "where_required", message);
        rejected(call("DELETE", "book", """
            {"where": {}}\
            """), "where_required", message);
    }

    @Test
    void anUnknownDeleteKeyIs400() {
        rejected(
                call("DELETE", "book", """
                    {"where": {"id": 1}, "limit": 1}\
                    """),
                "invalid_body",
                "unknown key 'limit' in the DELETE body;" + " expected where");
    }

    @Test
    void postListsEveryProblemOfTheRowAtOnce() {
        BadRequestException e = rejected(
                call("POST", "book", """
                    {"titel": "Dune", "year": "1965", "in_print": 1, "price": "cheap"}\
                    """),
                "invalid_value",
                "5 columns" + " have" + " invalid" + " values:" + " see details");
        assertEquals(
                List.of(
                        Map.entry("titel", "is not a column of table 'book'"),
                        Map.entry("year", "expects an integer, got \"1965\""),
                        Map.entry("in_print", "expects a boolean, got 1"),
                        Map.entry("price", "expects a number, got \"cheap\""),
                        Map.entry("title", "is required")),
                List.copyOf(e.details().entrySet()));
    }

    @Test
    void postOfAnArrayKeysProblemsByElementIndex() {
        BadRequestException e = rejected(
                call("POST", "book", """
                    [{"title": "Dune"}, {"year": 1965}, {"title": 5}]\
                    """),
                "invalid_value",
                "2 columns have" + " invalid" + " values: see" + " details");
        assertEquals(
                List.of(Map.entry("1.title", "is required"), Map.entry("2.title", "expects a string, got 5")),
                List.copyOf(e.details().entrySet()));
    }

    @Test
    void aMissingNotNullColumnIsRequired() {
        BadRequestException e = rejected(call("POST", "book", """
            {"year": 1965}\
            """), "invalid_value", "column 'title' is required");
        assertEquals(Map.of("title", "is required"), e.details());
    }

    @Test
    void nullForANotNullColumnIs400() {
        rejected(call("POST", "book", """
            {"title": null}\
            """), "invalid_value", "column 'title' may not be null");
        rejected(keyed("PUT", "book", "1", """
            {"title": null}\
            """), "invalid_value", "column 'title' may not be null");
    }

    @Test
    void aGeneratedColumnCannotBeWritten() {
        rejected(
                call("POST", "author", """
                    {"name": "Le Guin", "shout": "LE GUIN"}\
                    """),
                "invalid_value",
                "column 'shout' is generated by the database and cannot be written");
    }

    @Test
    void aValueThatIsNotBase64ForABlobIs400() {
        rejected(call("POST", "author", """
            {"name": "Le Guin", "photo": "!!"}\
            """), "invalid_value", "column 'photo' expects a base64 string, got" + " '!!'");
    }

    @Test
    void anEmptyArrayInsertsNothingAndIs400() {
        rejected(call("POST", "book", "[]"), "invalid_body", "nothing to insert: the array is empty");
    }

    @Test
    void postBodyMustBeAnObjectOrAnArrayOfObjects() {
        rejected(call("POST", "book", ""), "invalid_body", "the POST body must be a JSON object, not empty");
        rejected(
                call("POST", "book", "[{\"title\": \"Dune\"}, 1]"),
                "invalid_body",
                "each element of the array must be a JSON object");
    }

    @Test
    void putWithoutAKeyNeedsTheKeyInTheBody() {
        rejected(
                call("PUT", "book", """
                    {"title": "Dune"}\
                    """),
                "invalid_key",
                "PUT /book needs the primary key 'id' in the body, or use PUT /book/<key>");
        rejected(
                call("PUT", "tag", """
                    {"book_id": 1, "color": "red"}\
                    """),
                "invalid_key",
                "PUT /tag needs the primary key 'name' in the body, or use PUT /tag/<key>");
    }

    @Test
    void putByKeyWithADifferentKeyInTheBodyIs400() {
        rejected(
                keyed("PUT", "book", "7", """
                    {"id": 8, "title": "Dune"}\
                    """),
                "invalid_key",
                "the body's 'id' differs from the key in the URL; a row's key cannot be changed with PUT");
    }

    @Test
    void putWithNothingButTheKeyIs400() {
        rejected(
                keyed("PUT", "book", "7", """
                    {"id": 7}\
                    """),
                "invalid_body",
                "nothing to update: the body names no column besides the key");
    }

    @Test
    void aCompositeKeyCannotBeAddressedInTheUrl() {
        rejected(
                keyed("GET", "tag", "1", ""),
                "invalid_key",
                "table 'tag' has a composite primary key; select its rows with FETCH and a where");
    }

    @Test
    void aViewCannotBeAddressedByKey() {
        rejected(
                keyed("GET", "book_titles", "1", ""),
                "invalid_key",
                "table 'book_titles' has no primary key; select its rows with FETCH and a where");
    }

    @Test
    void writesToAViewAre405() {
        for (Call write : List.of(
                call("POST", "book_titles", "{\"title\": \"Dune\"}"),
                call("PUT", "book_titles", "{\"title\": \"Dune\"}"),
                keyed("DELETE", "book_titles", "1", ""))) {
            MethodNotAllowedException e = assertThrows(MethodNotAllowedException.class, () -> parser.parse(write));
            assertEquals(405, e.status());
            assertEquals("read_only_table", e.code());
            assertEquals("'book_titles' is a view: it can be read with GET and FETCH but not written", e.getMessage());
            assertEquals(Map.of("Allow", "GET, FETCH, OPTIONS"), e.headers());
        }
    }
}
