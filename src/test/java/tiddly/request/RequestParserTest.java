package tiddly.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import tiddly.query.OnConflict;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Precondition;
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
    private static final Table BOOK = new Table(
            "book",
            false,
            List.of(ID, TITLE, YEAR, IN_PRINT, PRICE, PASSWORD),
            List.of(ID),
            List.of(List.of(ID)),
            List.of());

    // tag(book_id INTEGER NOT NULL, name TEXT NOT NULL, color TEXT, PRIMARY KEY (book_id, name))
    private static final Column TAG_BOOK_ID = column("book_id", "INTEGER", false, true, false, false, false);
    private static final Column TAG_NAME = column("name", "TEXT", false, true, false, false, false);
    private static final Column TAG_COLOR = column("color", "TEXT", true, false, false, false, false);
    private static final Table TAG = new Table(
            "tag",
            false,
            List.of(TAG_BOOK_ID, TAG_NAME, TAG_COLOR),
            List.of(TAG_BOOK_ID, TAG_NAME),
            List.of(List.of(TAG_BOOK_ID, TAG_NAME)),
            List.of());

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
            List.of(List.of(AUTHOR_ID)),
            List.of());

    // CREATE VIEW book_titles AS SELECT id, title FROM book
    private static final Table BOOK_TITLES = new Table(
            "book_titles",
            true,
            List.of(
                    column("id", "INTEGER", true, false, false, false, false),
                    column("title", "TEXT", true, false, false, false, false)),
            List.of(),
            List.of(),
            List.of());

    private static final List<Order> BY_ID = List.of(new Order(ID, false, Order.Nulls.DEFAULT));

    // edition(id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL, number INTEGER NOT NULL, isbn TEXT UNIQUE,
    //         UNIQUE (book_id, number))
    private static final Column EDITION_ID = column("id", "INTEGER", false, true, true, false, false);
    private static final Column EDITION_BOOK_ID = column("book_id", "INTEGER", false, false, false, false, false);
    private static final Column NUMBER = column("number", "INTEGER", false, false, false, false, false);
    private static final Column ISBN = column("isbn", "TEXT", true, false, false, false, false);
    private static final Table EDITION = new Table(
            "edition",
            false,
            List.of(EDITION_ID, EDITION_BOOK_ID, NUMBER, ISBN),
            List.of(EDITION_ID),
            List.of(List.of(EDITION_ID), List.of(ISBN), List.of(EDITION_BOOK_ID, NUMBER)),
            List.of());

    private static final Schema SCHEMA = new Schema(List.of(BOOK, TAG, AUTHOR, BOOK_TITLES, EDITION));

    private final RequestParser parser = new RequestParser(SCHEMA, MAX, false);

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
        return Call.of(verb, table, Optional.empty(), body);
    }

    private static Call keyed(String verb, String table, String key, String body) {
        return Call.of(verb, table, Optional.of(key), body);
    }

    /** Query parameters as the http stage hands them over: decoded, in order, repeats collected. */
    private static Map<String, List<String>> params(String... namesAndValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return params;
    }

    /** GET /table?name=value&... */
    private static Call get(String table, String... namesAndValues) {
        return new Call("GET", table, Optional.empty(), "", params(namesAndValues), Optional.empty());
    }

    /** POST /table?name=value&... with the body. */
    private static Call post(String table, String body, String... namesAndValues) {
        return new Call("POST", table, Optional.empty(), body, params(namesAndValues), Optional.empty());
    }

    /** The call with an If-Match header. */
    private static Call ifMatch(Call call, String header) {
        return new Call(call.verb(), call.table(), call.key(), call.body(), call.params(), Optional.of(header));
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
        return new Fetch(BOOK, where, BY_ID, new Page(MAX, 0), false, false);
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
                List.of(new Order(YEAR, true, Order.Nulls.FIRST), new Order(ID, true, Order.Nulls.DEFAULT)),
                fetch.orderBy());
    }

    @Test
    void aMisspelledDirectionIsAnUnknownColumnWhoseMessageNamesTheWrongWord() {
        rejected(
                fetch("""
                    {"orderby": "year descending"}\
                    """),
                "unknown_column",
                "unknown column 'year descending' in orderby of table 'book'; after column 'year', expected asc or"
                        + " desc, optionally followed by nulls first or nulls last");
        rejected(
                fetch("""
                    {"orderby": "year desc nulls lost"}\
                    """),
                "unknown_column",
                "unknown column 'year desc nulls lost' in orderby of table 'book'; after column 'year', expected asc"
                        + " or desc, optionally followed by nulls first or nulls last");
    }

    @Test
    void theKeyEndsTheOrderInTheDirectionOfTheLastTerm() {
        // "price desc" orders "price desc, id desc": an index on price, whose entries end with the key, serves it.
        assertEquals(
                List.of(
                        new Order(TITLE, false, Order.Nulls.DEFAULT),
                        new Order(YEAR, true, Order.Nulls.LAST),
                        new Order(ID, true, Order.Nulls.DEFAULT)),
                ((Fetch) parser.parse(fetch("""
                    {"orderby": "title, year desc nulls last"}\
                    """))).orderBy());
        assertEquals(
                List.of(new Order(YEAR, true, Order.Nulls.DEFAULT), new Order(ID, false, Order.Nulls.DEFAULT)),
                ((Fetch) parser.parse(fetch("""
                    {"orderby": "year desc, id"}\
                    """))).orderBy());
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
                        new Order(TAG_BOOK_ID, true, Order.Nulls.DEFAULT)),
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
                new Fetch(BOOK_TITLES, Where.ALL, List.of(), new Page(MAX, 0), false, false),
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
                        false,
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
                        List.of(new Order(YEAR, true, Order.Nulls.LAST), new Order(ID, true, Order.Nulls.DEFAULT)),
                        new Page(5, 10),
                        false,
                        false),
                parser.parse(get("book", "limit", "5", "offset", "10", "orderby", "year desc nulls last")));
    }

    // ---- by key

    @Test
    void getByKeyFetchesOneRow() {
        assertEquals(
                new Fetch(BOOK, new Where.Compare(ID, Operator.EQ, 7L), List.of(), new Page(1, 0), true, true),
                parser.parse(keyed("GET", "book", "7", "")));
    }

    @Test
    void deleteByKeyDeletesOneRow() {
        assertEquals(
                new Delete(BOOK, new Where.Compare(ID, Operator.EQ, 7L), true, Optional.empty()),
                parser.parse(keyed("DELETE", "book", "7", "")));
    }

    @Test
    void putByKeyUpdatesTheGivenColumns() {
        assertEquals(
                new Update(
                        BOOK,
                        new Where.Compare(ID, Operator.EQ, 7L),
                        row(TITLE, "Dune", YEAR, null, PASSWORD, "s3cret"),
                        true,
                        Optional.empty()),
                parser.parse(keyed("PUT", "book", "7", """
                    {"title": "Dune", "year": null, "password": "s3cret"}\
                    """)));
    }

    @Test
    void putByKeyDropsABodyKeyThatMatchesTheUrl() {
        assertEquals(
                new Update(BOOK, new Where.Compare(ID, Operator.EQ, 7L), row(TITLE, "Dune"), true, Optional.empty()),
                parser.parse(keyed("PUT", "book", "7", """
                    {"id": 7, "title": "Dune"}\
                    """)));
    }

    @Test
    void putWithoutAKeyTakesTheKeyFromTheBody() {
        assertEquals(
                new Update(
                        BOOK,
                        new Where.Compare(ID, Operator.EQ, 7L),
                        row(TITLE, "Dune", PRICE, 9.5),
                        true,
                        Optional.empty()),
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
                        row(TAG_COLOR, "red"),
                        true,
                        Optional.empty()),
                parser.parse(call("PUT", "tag", """
                    {"book_id": 1, "name": "sf", "color": "red"}\
                    """)));
    }

    @Test
    void deleteWithAWhereDeletesEveryMatchingRow() {
        assertEquals(
                new Delete(BOOK, new Where.Compare(YEAR, Operator.LT, 1900L), false, Optional.empty()),
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
                        true,
                        Optional.empty()),
                parser.parse(call("POST", "book", """
                    {"title": "Dune", "year": 1965, "in_print": true, "price": 9.5, "password": "s3cret"}\
                    """)));
    }

    @Test
    void postAnArrayInsertsEveryRow() {
        assertEquals(
                new Insert(
                        BOOK,
                        List.of(row(TITLE, "Dune"), row(TITLE, "Emma", YEAR, null, ID, 2L)),
                        false,
                        Optional.empty()),
                parser.parse(call("POST", "book", """
                    [{"title": "Dune"}, {"title": "Emma", "year": null, "id": 2}]\
                    """)));
    }

    @Test
    void aDoubleEncodedBodyIsUnwrappedOnce() {
        assertEquals(
                new Insert(BOOK, List.of(row(TITLE, "Dune", YEAR, 1965L)), true, Optional.empty()),
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
                new Insert(
                        AUTHOR, List.of(row(AUTHOR_NAME, "Le Guin", RATING, 4L, EXTRA, true)), true, Optional.empty()),
                parser.parse(call("POST", "author", """
                    {"name": "Le Guin", "rating": 4, "extra": true}\
                    """)));
        assertEquals(
                new Insert(AUTHOR, List.of(row(AUTHOR_NAME, "Le Guin", EXTRA, 12L)), true, Optional.empty()),
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
                new Insert(BOOK, List.of(row(TITLE, "\uD83D\uDE00")), true, Optional.empty()),
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
                        + " ilike, is, search, contains");
        rejected(
                get("book", "year[after]", "1"),
                "unknown_operator",
                "unknown operator 'after' on column 'year'; expected one of eq, ne, gt, gte, lt, lte, in, nin, like,"
                        + " ilike, is, search, contains");
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
    void aLikePatternCannotHoldAZeroCharacterWhichSqliteWouldEndThePatternAt() {
        rejected(
                fetch("""
                    {"where": {"title": {"ilike": "Book 1\\u0000zzz"}}}\
                    """),
                "invalid_body",
                "the ilike pattern on column 'title' holds the character U+0000, which a pattern cannot hold");
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
            """), "invalid_value", "column 'id' is out of range: 9223372036854775808");
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
                "unknown key 'limt' in the FETCH body; expected select, where, orderby, limit, offset, cursor, count,"
                        + " distinct, embed, groupby, having or etag");
    }

    @Test
    void aFetchBodyMustBeAnObject() {
        rejected(fetch("[]"), "invalid_body", "the FETCH body must be a JSON object");
    }

    // ---- rejected writes

    @Test
    void deleteWithoutAWhereIs400() {
        String message = "DELETE /book needs a non-empty 'where' in the body, or \"all\": true;"
                + " to delete one row use DELETE /book/<key>";
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
                "unknown key 'limit' in the DELETE body;" + " expected where or all");
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
            assertEquals(
                    "'book_titles' is a view: it can be read with GET, FETCH and QUERY but not written",
                    e.getMessage());
            assertEquals(Map.of("Allow", "GET, FETCH, QUERY, OPTIONS"), e.headers());
        }
    }

    // ---- versions (ETags)

    @Test
    void aFetchWithEtagTrueAsksForVersions() {
        assertEquals(
                new Fetch(BOOK, new Where.Compare(TITLE, Operator.EQ, "Dune"), BY_ID, new Page(MAX, 0), false, true),
                parser.parse(fetch("""
                    {"where": {"title": "Dune"}, "etag": true}\
                    """)));
    }

    @Test
    void aFetchWithEtagFalseOrNoEtagAsksForNoVersions() {
        assertEquals(bookFetch(Where.ALL), parser.parse(fetch("""
            {"etag": false}\
            """)));
        assertEquals(bookFetch(Where.ALL), parser.parse(fetch("{}")));
    }

    @Test
    void etagMustBeTrueOrFalse() {
        rejected(fetch("""
            {"etag": "true"}\
            """), "invalid_body", "'etag' must be true or false");
        rejected(fetch("""
            {"etag": 1}\
            """), "invalid_body", "'etag' must be true or false");
    }

    @Test
    void theEtagQueryParameterAsksForVersionsAndIsNoFilter() {
        assertEquals(
                new Fetch(BOOK, new Where.Compare(TITLE, Operator.EQ, "Dune"), BY_ID, new Page(MAX, 0), false, true),
                parser.parse(get("book", "etag", "true", "title", "Dune")));
        assertEquals(bookFetch(Where.ALL), parser.parse(get("book", "etag", "false")));
    }

    @Test
    void aLookupByKeyAlwaysCarriesItsVersion() {
        Fetch lookup = (Fetch) parser.parse(keyed("GET", "book", "7", ""));
        assertTrue(lookup.single());
        assertTrue(lookup.versions());
    }

    // ---- bulk writes

    @Test
    void putWithWhereAndSetUpdatesEveryMatchingRow() {
        assertEquals(
                new Update(
                        BOOK,
                        new Where.Compare(YEAR, Operator.LT, 1900L),
                        row(IN_PRINT, false, PRICE, null),
                        false,
                        Optional.empty()),
                parser.parse(call("PUT", "book", """
                    {"where": {"year": {"lt": 1900}}, "set": {"in_print": false, "price": null}}\
                    """)));
    }

    @Test
    void putWithSetAndAllUpdatesEveryRow() {
        assertEquals(
                new Update(BOOK, Where.ALL, row(IN_PRINT, true), false, Optional.empty()),
                parser.parse(call("PUT", "book", """
                    {"set": {"in_print": true}, "all": true}\
                    """)));
    }

    @Test
    void aBulkPutWithoutAWhereIs400() {
        String message = "PUT /book needs a non-empty 'where' in the body, or \"all\": true;"
                + " to update one row use PUT /book/<key>";
        rejected(call("PUT", "book", """
            {"set": {"in_print": true}}\
            """), "where_required", message);
        rejected(call("PUT", "book", """
            {"where": {}, "set": {"in_print": true}}\
            """), "where_required", message);
        rejected(call("PUT", "book", """
            {"set": {"in_print": true}, "all": false}\
            """), "where_required", message);
    }

    @Test
    void aBulkPutWithAnEmptySetIs400() {
        rejected(call("PUT", "book", """
            {"where": {"id": 1}, "set": {}}\
            """), "invalid_body", "nothing to update: 'set' is empty");
        rejected(call("PUT", "book", """
            {"set": {}, "all": true}\
            """), "invalid_body", "nothing to update: 'set' is empty");
    }

    @Test
    void aBulkPutNeedsSetAsAnObject() {
        rejected(call("PUT", "book", """
            {"where": {"id": 1}}\
            """), "invalid_body", "'set' must be a JSON object, not empty");
        rejected(call("PUT", "book", """
            {"where": {"id": 1}, "set": [1]}\
            """), "invalid_body", "'set' must be a JSON object");
    }

    @Test
    void aBulkPutChecksItsSetValuesAndWhere() {
        rejected(call("PUT", "book", """
            {"where": {"id": 1}, "set": {"year": "1965"}}\
            """), "invalid_value", "column 'year' expects an integer, got \"1965\"");
        rejected(call("PUT", "book", """
            {"where": {"id": 1}, "set": {"title": null}}\
            """), "invalid_value", "column 'title' may not be null");
        rejected(call("PUT", "book", """
            {"where": {"titel": "Dune"}, "set": {"year": 1965}}\
            """), "unknown_column", "unknown column 'titel' in where of table 'book'");
    }

    @Test
    void anUnknownKeyInABulkPutIs400() {
        rejected(
                call("PUT", "book", """
                    {"where": {"id": 1}, "set": {"year": 1965}, "limit": 1}\
                    """),
                "invalid_body",
                "unknown key 'limit' in the PUT body; expected where, set or all");
    }

    @Test
    void deleteWithAllDeletesEveryRow() {
        assertEquals(new Delete(BOOK, Where.ALL, false, Optional.empty()), parser.parse(call("DELETE", "book", """
                    {"all": true}\
                    """)));
    }

    @Test
    void deleteWithAllFalseStillNeedsAWhere() {
        rejected(
                call("DELETE", "book", """
                    {"all": false}\
                    """),
                "where_required",
                "DELETE /book needs a non-empty 'where' in the body, or \"all\": true;"
                        + " to delete one row use DELETE /book/<key>");
        rejected(call("DELETE", "book", """
            {"all": "yes"}\
            """), "invalid_body", "'all' must be true or false");
    }

    // ---- upsert

    @Test
    void onConflictUpdateTargetsThePrimaryKeyByDefault() {
        assertEquals(
                new Insert(
                        BOOK,
                        List.of(row(ID, 7L, TITLE, "Dune")),
                        true,
                        Optional.of(new OnConflict(OnConflict.Action.UPDATE, List.of(ID)))),
                parser.parse(post("book", """
                    {"id": 7, "title": "Dune"}\
                    """, "on_conflict", "update")));
    }

    @Test
    void onConflictIgnoreTargetsACompositeKeyInKeyOrder() {
        assertEquals(
                new Insert(
                        TAG,
                        List.of(row(TAG_BOOK_ID, 1L, TAG_NAME, "sf"), row(TAG_BOOK_ID, 2L, TAG_NAME, "sf")),
                        false,
                        Optional.of(new OnConflict(OnConflict.Action.IGNORE, List.of(TAG_BOOK_ID, TAG_NAME)))),
                parser.parse(post("tag", """
                    [{"book_id": 1, "name": "sf"}, {"book_id": 2, "name": "sf"}]\
                    """, "on_conflict", "ignore")));
    }

    @Test
    void onConflictColumnsNameAUniqueKey() {
        String body = """
            {"book_id": 1, "number": 2, "isbn": "0-441-17271-7"}\
            """;
        assertEquals(
                Optional.of(new OnConflict(OnConflict.Action.UPDATE, List.of(ISBN))),
                ((Insert) parser.parse(post("edition", body, "on_conflict", "update", "on_conflict_columns", "isbn")))
                        .onConflict());
        assertEquals(
                Optional.of(new OnConflict(OnConflict.Action.IGNORE, List.of(NUMBER, EDITION_BOOK_ID))),
                ((Insert) parser.parse(post(
                                "edition", body, "on_conflict", "ignore", "on_conflict_columns", "number, book_id")))
                        .onConflict());
        assertEquals(
                Optional.of(new OnConflict(OnConflict.Action.UPDATE, List.of(EDITION_ID))),
                ((Insert) parser.parse(post("edition", body, "on_conflict", "update", "on_conflict_columns", "id")))
                        .onConflict());
    }

    @Test
    void onConflictColumnsThatAreNoUniqueKeyAre400() {
        String body = """
            {"book_id": 1, "number": 2}\
            """;
        rejected(
                post("edition", body, "on_conflict", "update", "on_conflict_columns", "book_id"),
                "invalid_body",
                "on_conflict_columns (book_id) must be the primary key or a unique key of 'edition'");
        rejected(
                post("edition", body, "on_conflict", "update", "on_conflict_columns", "book_id,number,isbn"),
                "invalid_body",
                "on_conflict_columns (book_id,number,isbn) must be the primary key or a unique key of 'edition'");
        rejected(
                post("book", "{\"title\": \"Dune\"}", "on_conflict", "ignore", "on_conflict_columns", "title"),
                "invalid_body",
                "on_conflict_columns (title) must be the primary key or a unique key of 'book'");
    }

    @Test
    void onConflictColumnsMustBeKnownAndVisible() {
        rejected(
                post("edition", "{\"number\": 2}", "on_conflict", "update", "on_conflict_columns", "isbm"),
                "unknown_column",
                "unknown column 'isbm' in on_conflict_columns of table 'edition'");
        rejected(
                post("book", "{\"title\": \"Dune\"}", "on_conflict", "update", "on_conflict_columns", "password"),
                "hidden_column",
                "column 'password' is hidden and cannot be used in on_conflict_columns");
    }

    @Test
    void onConflictMustBeUpdateOrIgnore() {
        String body = """
            {"title": "Dune"}\
            """;
        for (Call call : List.of(
                post("book", body, "on_conflict", "merge"),
                post("book", body, "on_conflict", "UPDATE"),
                post("book", body, "on_conflict", ""),
                post("book", body, "on_conflict", "update", "on_conflict", "ignore"))) {
            rejected(call, "invalid_body", "on_conflict must be 'update' or 'ignore'");
        }
    }

    @Test
    void onConflictColumnsWithoutOnConflictIs400() {
        rejected(
                post("book", "{\"title\": \"Dune\"}", "on_conflict_columns", "id"),
                "invalid_body",
                "on_conflict_columns needs on_conflict=update or on_conflict=ignore");
    }

    @Test
    void anUnknownPostQueryParameterIs400() {
        rejected(
                post("book", "{\"title\": \"Dune\"}", "upsert", "true"),
                "invalid_body",
                "unknown query parameter 'upsert' for POST; expected on_conflict or on_conflict_columns");
        rejected(
                post("book", "{\"title\": \"Dune\"}", "on_conflict", "update", "title", "Dune"),
                "invalid_body",
                "unknown query parameter 'title' for POST; expected on_conflict or on_conflict_columns");
    }

    // ---- If-Match

    @Test
    void ifMatchOnAPutByKeyIsAPrecondition() {
        assertEquals(
                new Update(
                        BOOK,
                        new Where.Compare(ID, Operator.EQ, 7L),
                        row(TITLE, "Dune"),
                        true,
                        Optional.of(new Precondition(List.of("\"abc\"")))),
                parser.parse(ifMatch(keyed("PUT", "book", "7", """
                    {"title": "Dune"}\
                    """), "\"abc\"")));
    }

    @Test
    void ifMatchOnAPutWithTheKeyInTheBodyIsAPrecondition() {
        assertEquals(
                new Update(
                        BOOK,
                        new Where.Compare(ID, Operator.EQ, 7L),
                        row(TITLE, "Dune"),
                        true,
                        Optional.of(new Precondition(List.of("\"abc\"")))),
                parser.parse(ifMatch(call("PUT", "book", """
                    {"id": 7, "title": "Dune"}\
                    """), "\"abc\"")));
    }

    @Test
    void ifMatchOnADeleteByKeyIsAPrecondition() {
        assertEquals(
                new Delete(
                        BOOK,
                        new Where.Compare(ID, Operator.EQ, 7L),
                        true,
                        Optional.of(new Precondition(List.of("\"abc\"")))),
                parser.parse(ifMatch(keyed("DELETE", "book", "7", ""), "\"abc\"")));
    }

    @Test
    void ifMatchStarMatchesAnyVersion() {
        Delete delete = (Delete) parser.parse(ifMatch(keyed("DELETE", "book", "7", ""), "*"));
        assertEquals(Optional.of(new Precondition(List.of("*"))), delete.precondition());
        assertTrue(delete.precondition().orElseThrow().matches("\"0123456789abcdef0123456789abcdef\""));
    }

    @Test
    void ifMatchWithACommaListKeepsEveryEtag() {
        Delete delete = (Delete) parser.parse(ifMatch(keyed("DELETE", "book", "7", ""), " \"a\", \"b\",\"c\" "));
        Precondition precondition = delete.precondition().orElseThrow();
        assertEquals(new Precondition(List.of("\"a\"", "\"b\"", "\"c\"")), precondition);
        assertTrue(precondition.matches("\"b\""));
        assertFalse(precondition.matches("\"d\""));
        assertFalse(precondition.matches("b"));
    }

    @Test
    void ifMatchOnABulkWriteMayOnlyBeStar() {
        rejected(
                ifMatch(call("PUT", "book", """
                    {"where": {"id": 1}, "set": {"year": 1965}}\
                    """), "\"abc\""),
                "invalid_body",
                "If-Match on a PUT of many rows can only be *");
        rejected(
                ifMatch(call("DELETE", "book", """
                    {"where": {"id": 1}}\
                    """), "\"abc\""),
                "invalid_body",
                "If-Match on a DELETE of many rows can only be *");
        assertEquals(
                new Delete(BOOK, new Where.Compare(ID, Operator.EQ, 1L), false, Optional.empty()),
                parser.parse(ifMatch(call("DELETE", "book", """
                    {"where": {"id": 1}}\
                    """), "*")));
        assertEquals(
                new Update(BOOK, Where.ALL, row(YEAR, 1965L), false, Optional.empty()),
                parser.parse(ifMatch(call("PUT", "book", """
                    {"set": {"year": 1965}, "all": true}\
                    """), "*")));
    }

    @Test
    void withRequireIfMatchAPutOrDeleteWithoutIfMatchIs428() {
        RequestParser strict = new RequestParser(SCHEMA, MAX, true);
        for (Call call : List.of(
                keyed("PUT", "book", "7", "{\"title\": \"Dune\"}"),
                call("PUT", "book", "{\"id\": 7, \"title\": \"Dune\"}"),
                call("PUT", "book", "{\"set\": {\"year\": 1965}, \"all\": true}"),
                keyed("DELETE", "book", "7", ""),
                call("DELETE", "book", "{\"all\": true}"))) {
            PreconditionRequiredException e =
                    assertThrows(PreconditionRequiredException.class, () -> strict.parse(call), call.toString());
            assertEquals(428, e.status());
            assertEquals("if_match_required", e.code());
            assertEquals(
                    call.verb() + " needs an If-Match header with the row's ETag"
                            + " (this server runs with --require-if-match)",
                    e.getMessage());
        }
    }

    @Test
    void withRequireIfMatchAWriteWithIfMatchAndEveryReadOrInsertGoThrough() {
        RequestParser strict = new RequestParser(SCHEMA, MAX, true);
        assertEquals(
                new Update(
                        BOOK,
                        new Where.Compare(ID, Operator.EQ, 7L),
                        row(TITLE, "Dune"),
                        true,
                        Optional.of(new Precondition(List.of("\"abc\"")))),
                strict.parse(ifMatch(keyed("PUT", "book", "7", "{\"title\": \"Dune\"}"), "\"abc\"")));
        assertEquals(
                new Delete(
                        BOOK,
                        new Where.Compare(ID, Operator.EQ, 7L),
                        true,
                        Optional.of(new Precondition(List.of("*")))),
                strict.parse(ifMatch(keyed("DELETE", "book", "7", ""), "*")));
        assertEquals(bookFetch(Where.ALL), strict.parse(get("book")));
        assertEquals(bookFetch(Where.ALL), strict.parse(fetch("")));
        assertEquals(
                new Insert(BOOK, List.of(row(TITLE, "Dune")), true, Optional.empty()),
                strict.parse(call("POST", "book", "{\"title\": \"Dune\"}")));
    }
}
