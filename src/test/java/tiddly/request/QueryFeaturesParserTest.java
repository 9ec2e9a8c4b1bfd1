package tiddly.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tiddly.query.Embed;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Relation;
import tiddly.query.Selected;
import tiddly.query.Selected.Aggregate;
import tiddly.query.Selected.Field;
import tiddly.query.Selected.Function;
import tiddly.query.Where;
import tiddly.query.Where.Operator;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.ForeignKey;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/** select, groupby, having, distinct, count, embed and has: FETCH bodies, GET parameters and QUERY. */
class QueryFeaturesParserTest {
    private static final long MAX = 1000;

    // author(id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER)
    private static final Column AUTHOR_ID = column("id", "INTEGER", false, true, false);
    private static final Column AUTHOR_NAME = column("name", "TEXT", false, false, false);
    private static final Column BORN = column("born", "INTEGER", true, false, false);
    private static final Table AUTHOR = table("author", List.of(AUTHOR_ID, AUTHOR_NAME, BORN), List.of(AUTHOR_ID));

    // book(id INTEGER PRIMARY KEY, title TEXT NOT NULL, year INTEGER, genre TEXT, price REAL, in_print BOOLEAN,
    //      cover BLOB, author_id INTEGER REFERENCES author(id), password TEXT -- hidden)
    private static final Column ID = column("id", "INTEGER", false, true, false);
    private static final Column TITLE = column("title", "TEXT", false, false, false);
    private static final Column YEAR = column("year", "INTEGER", true, false, false);
    private static final Column GENRE = column("genre", "TEXT", true, false, false);
    private static final Column PRICE = column("price", "REAL", true, false, false);
    private static final Column IN_PRINT = column("in_print", "BOOLEAN", true, false, false);
    private static final Column COVER = column("cover", "BLOB", true, false, false);
    private static final Column AUTHOR_FK = column("author_id", "INTEGER", true, false, false);
    private static final Column PASSWORD = column("password", "TEXT", true, false, true);
    private static final Table BOOK = new Table(
            "book",
            false,
            List.of(ID, TITLE, YEAR, GENRE, PRICE, IN_PRINT, COVER, AUTHOR_FK, PASSWORD),
            List.of(ID),
            List.of(List.of(ID)),
            List.of(new ForeignKey(List.of("author_id"), "author", List.of("id"))));

    // tag(book_id INTEGER REFERENCES book(id), name TEXT, PRIMARY KEY (book_id, name))
    private static final Column TAG_BOOK = column("book_id", "INTEGER", false, true, false);
    private static final Column TAG_NAME = column("name", "TEXT", false, true, false);
    private static final Table TAG = new Table(
            "tag",
            false,
            List.of(TAG_BOOK, TAG_NAME),
            List.of(TAG_BOOK, TAG_NAME),
            List.of(List.of(TAG_BOOK, TAG_NAME)),
            List.of(new ForeignKey(List.of("book_id"), "book", List.of("id"))));

    // loan(id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES book(id), swap_id INTEGER REFERENCES book(id))
    private static final Column LOAN_ID = column("id", "INTEGER", false, true, false);
    private static final Table LOAN = new Table(
            "loan",
            false,
            List.of(
                    LOAN_ID,
                    column("book_id", "INTEGER", true, false, false),
                    column("swap_id", "INTEGER", true, false, false)),
            List.of(LOAN_ID),
            List.of(List.of(LOAN_ID)),
            List.of(
                    new ForeignKey(List.of("book_id"), "book", List.of("id")),
                    new ForeignKey(List.of("swap_id"), "book", List.of("id"))));

    // shelf(id INTEGER PRIMARY KEY, book TEXT, first_book_id INTEGER REFERENCES book(id))
    private static final Column SHELF_ID = column("id", "INTEGER", false, true, false);
    private static final Table SHELF = new Table(
            "shelf",
            false,
            List.of(
                    SHELF_ID,
                    column("book", "TEXT", true, false, false),
                    column("first_book_id", "INTEGER", true, false, false)),
            List.of(SHELF_ID),
            List.of(List.of(SHELF_ID)),
            List.of(new ForeignKey(List.of("first_book_id"), "book", List.of("id"))));

    // edition(book_id, number, PRIMARY KEY (book_id, number));
    // printing(id INTEGER PRIMARY KEY, book_id, number, FOREIGN KEY (book_id, number) REFERENCES edition)
    private static final Column EDITION_BOOK = column("book_id", "INTEGER", false, true, false);
    private static final Column EDITION_NUMBER = column("number", "INTEGER", false, true, false);
    private static final Table EDITION =
            table("edition", List.of(EDITION_BOOK, EDITION_NUMBER), List.of(EDITION_BOOK, EDITION_NUMBER));
    private static final Column PRINTING_ID = column("id", "INTEGER", false, true, false);
    private static final Table PRINTING = new Table(
            "printing",
            false,
            List.of(
                    PRINTING_ID,
                    column("book_id", "INTEGER", true, false, false),
                    column("number", "INTEGER", true, false, false)),
            List.of(PRINTING_ID),
            List.of(List.of(PRINTING_ID)),
            List.of(new ForeignKey(List.of("book_id", "number"), "edition", List.of("book_id", "number"))));

    // CREATE VIEW book_titles AS SELECT id, title FROM book
    private static final Table BOOK_TITLES = new Table(
            "book_titles",
            true,
            List.of(column("id", "INTEGER", true, false, false), column("title", "TEXT", true, false, false)),
            List.of(),
            List.of(),
            List.of());

    private static final Schema SCHEMA =
            new Schema(List.of(AUTHOR, BOOK, TAG, LOAN, SHELF, EDITION, PRINTING, BOOK_TITLES));

    /** From book, its author: many-to-one. */
    private static final Relation BOOK_AUTHOR = new Relation("author", AUTHOR_FK, AUTHOR, AUTHOR_ID, false);
    /** From author, their books: one-to-many. */
    private static final Relation AUTHOR_BOOKS = new Relation("book", AUTHOR_ID, BOOK, AUTHOR_FK, true);
    /** From book, its tags: one-to-many. */
    private static final Relation BOOK_TAGS = new Relation("tag", ID, TAG, TAG_BOOK, true);

    private static final List<Order> BY_ID = List.of(asc(ID));
    private static final List<Order> BY_AUTHOR_ID = List.of(asc(AUTHOR_ID));
    private static final List<Order> BY_TAG_KEY = List.of(asc(TAG_BOOK), asc(TAG_NAME));

    private final RequestParser parser = new RequestParser(SCHEMA, MAX, false);

    private static Column column(String name, String declared, boolean nullable, boolean primaryKey, boolean hidden) {
        return new Column(
                name,
                declared,
                ColumnType.ofDeclared(declared),
                nullable,
                Optional.empty(),
                primaryKey,
                primaryKey,
                false,
                hidden);
    }

    private static Table table(String name, List<Column> columns, List<Column> key) {
        return new Table(name, false, columns, key, List.of(key), List.of());
    }

    private static Order asc(Column column) {
        return new Order(column, false, Order.Nulls.DEFAULT);
    }

    private static Order desc(Column column) {
        return new Order(column, true, Order.Nulls.DEFAULT);
    }

    /** An aggregate's output, as having and orderby of a grouped query see it. */
    private static Column output(String alias, ColumnType type) {
        return Column.derived(alias, type);
    }

    // ---- helpers

    private static Call call(String verb, String table, String body) {
        return Call.of(verb, table, Optional.empty(), body);
    }

    /** GET /table?name=value&... */
    private static Call get(String table, String... namesAndValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return new Call("GET", table, Optional.empty(), "", params, Optional.empty());
    }

    private Fetch fetch(String table, String body) {
        return (Fetch) parser.parse(call("FETCH", table, body));
    }

    private Fetch book(String body) {
        return fetch("book", body);
    }

    private Fetch list(String table, String... namesAndValues) {
        return (Fetch) parser.parse(get(table, namesAndValues));
    }

    /** A list read with every default but these. */
    private static Fetch read(
            Table table,
            List<Selected> select,
            Where where,
            List<Field> groupBy,
            Where having,
            List<Order> orderBy,
            boolean count,
            boolean distinct,
            List<Embed> embeds) {
        return new Fetch(
                table,
                select,
                where,
                groupBy,
                having,
                orderBy,
                new Page(MAX, 0),
                false,
                false,
                count,
                distinct,
                embeds);
    }

    /** What an embed of {@code relation} with an empty body reads: its other table's rows by key. */
    private static Embed plainEmbed(Relation relation, List<Order> byKey) {
        return new Embed(
                relation,
                new Fetch(
                        relation.other(),
                        List.of(),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        byKey,
                        new Page(relation.many() ? MAX : 1, 0),
                        false,
                        false,
                        false,
                        false,
                        List.of()));
    }

    private BadRequestException rejected(Call call, String code, String message) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> parser.parse(call));
        assertEquals(400, e.status());
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
        return e;
    }

    private BadRequestException rejected(String body, String code, String message) {
        return rejected(call("FETCH", "book", body), code, message);
    }

    // ---- select

    @Test
    void selectListsTheColumnsInTheOrderGiven() {
        assertEquals(
                read(
                        BOOK,
                        List.of(new Field(TITLE), new Field(YEAR)),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        BY_ID,
                        false,
                        false,
                        List.of()),
                book("""
                    {"select": ["title", "year"]}\
                    """));
    }

    @Test
    void selectAsACommaSeparatedStringIsTheSameList() {
        assertEquals(List.of(new Field(TITLE), new Field(YEAR)), book("""
            {"select": "title, year"}\
            """).select());
    }

    @Test
    void anAbsentSelectIsEmptyForEveryVisibleColumn() {
        assertEquals(List.of(), book("{}").select());
    }

    @Test
    void anAggregateIsNamedByItsFunctionAndColumnByDefault() {
        assertEquals(
                List.of(
                        new Aggregate(Function.COUNT, Optional.empty(), "count"),
                        new Aggregate(Function.COUNT, Optional.of(YEAR), "count_year"),
                        new Aggregate(Function.SUM, Optional.of(PRICE), "sum_price"),
                        new Aggregate(Function.AVG, Optional.of(YEAR), "avg_year"),
                        new Aggregate(Function.MIN, Optional.of(TITLE), "min_title"),
                        new Aggregate(Function.MAX, Optional.of(YEAR), "max_year")),
                book("""
                    {"select": [{"count": "*"}, {"count": "year"}, {"sum": "price"}, {"avg": "year"},
                                {"min": "title"}, {"max": "year"}]}\
                    """).select());
    }

    @Test
    void asNamesAnAggregate() {
        assertEquals(
                List.of(
                        new Aggregate(Function.COUNT, Optional.empty(), "books"),
                        new Aggregate(Function.AVG, Optional.of(PRICE), "_Mean_price2")),
                book("""
                    {"select": [{"count": "*", "as": "books"}, {"as": "_Mean_price2", "avg": "price"}]}\
                    """).select());
    }

    @Test
    void sumAndAvgTakeIntegerRealNumericBooleanAndUntypedColumns() {
        assertEquals(
                List.of(
                        new Aggregate(Function.SUM, Optional.of(YEAR), "sum_year"),
                        new Aggregate(Function.SUM, Optional.of(IN_PRINT), "sum_in_print"),
                        new Aggregate(Function.AVG, Optional.of(PRICE), "avg_price")),
                book("""
                    {"select": [{"sum": "year"}, {"sum": "in_print"}, {"avg": "price"}]}\
                    """).select());
    }

    @Test
    void anAliasThatIsNoPlainIdentifierIs400() {
        rejected(
                """
            {"select": [{"count": "*", "as": "x; DROP TABLE book"}]}\
            """,
                "invalid_body",
                "alias 'x; DROP TABLE book' must be letters, digits and _,"
                        + " starting with a letter or _; name it with \"as\"");
        rejected(
                """
            {"select": [{"count": "*", "as": "1st"}]}\
            """,
                "invalid_body",
                "alias '1st' must be letters, digits and _, starting with a letter or _;" + " name it with \"as\"");
        rejected(
                """
            {"select": [{"count": "*", "as": ""}]}\
            """,
                "invalid_body",
                "alias '' must be letters, digits and _, starting with a letter or _;" + " name it with \"as\"");
        String tooLong = "a".repeat(64);
        rejected(
                """
            {"select": [{"count": "*", "as": "%s"}]}\
            """.formatted(tooLong),
                "invalid_body",
                "alias '" + tooLong + "' must be letters, digits and _,"
                        + " starting with a letter or _; name it with \"as\"");
    }

    @Test
    void aDefaultAliasThatIsNoPlainIdentifierAsksForAs() {
        Column odd = column("page count", "INTEGER", true, false, false);
        Column key = column("id", "INTEGER", false, true, false);
        Schema schema = new Schema(List.of(table("odd", List.of(key, odd), List.of(key))));
        RequestParser oddParser = new RequestParser(schema, MAX, false);
        BadRequestException e =
                assertThrows(BadRequestException.class, () -> oddParser.parse(call("FETCH", "odd", """
            {"select": [{"sum": "page count"}]}\
            """)));
        assertEquals("invalid_body", e.code());
        assertEquals(
                "alias 'sum_page count' must be letters, digits and _, starting with a letter or _;"
                        + " name it with \"as\"",
                e.getMessage());
        assertEquals(
                List.of(new Aggregate(Function.SUM, Optional.of(odd), "pages")),
                ((Fetch) oddParser.parse(call("FETCH", "odd", """
                    {"select": [{"sum": "page count", "as": "pages"}]}\
                    """))).select());
    }

    @Test
    void anUnknownFunctionKeyIs400() {
        rejected(
                """
            {"select": [{"median": "year"}]}\
            """,
                "invalid_body",
                "unknown key 'median' in a select object;"
                        + " expected one of count, sum, avg, min, max, and optionally as");
        rejected(
                """
            {"select": [{"COUNT": "*"}]}\
            """,
                "invalid_body",
                "unknown key 'COUNT' in a select object;"
                        + " expected one of count, sum, avg, min, max, and optionally as");
    }

    @Test
    void aSecondFunctionInOneSelectObjectIs400() {
        rejected(
                """
            {"select": [{"count": "*", "sum": "price"}]}\
            """,
                "invalid_body",
                "unknown key 'sum' in a select object;"
                        + " expected one of count, sum, avg, min, max, and optionally as");
    }

    @Test
    void aSelectObjectWithoutAFunctionIs400() {
        rejected("""
            {"select": [{"as": "n"}]}\
            """, "invalid_body", "a select object needs one of count, sum, avg, min, max");
        rejected("""
            {"select": [{}]}\
            """, "invalid_body", "a select object needs one of count, sum, avg, min, max");
    }

    @Test
    void aSelectObjectTakesOnlyStrings() {
        rejected("""
            {"select": [{"count": 1}]}\
            """, "invalid_body", "'count' in select takes a string, got 1");
        rejected("""
            {"select": [{"count": "*", "as": null}]}\
            """, "invalid_body", "'as' in select takes a string, got null");
    }

    @Test
    void sumAndAvgOfATextOrBlobColumnAre400() {
        rejected("""
            {"select": [{"sum": "title"}]}\
            """, "invalid_body", "sum needs a numeric column; 'title' holds text");
        rejected("""
            {"select": [{"avg": "genre"}]}\
            """, "invalid_body", "avg needs a numeric column; 'genre' holds text");
        rejected("""
            {"select": [{"avg": "cover"}]}\
            """, "invalid_body", "avg needs a numeric column; 'cover' holds blob");
    }

    @Test
    void onlyCountTakesTheStar() {
        rejected("""
            {"select": [{"sum": "*"}]}\
            """, "unknown_column", "unknown column '*' in select of table 'book'");
    }

    @Test
    void aNameSelectedTwiceIs400() {
        rejected("""
            {"select": ["title", "title"]}\
            """, "invalid_body", "'select' names 'title' twice");
        rejected("""
            {"select": [{"count": "*"}, {"count": "year", "as": "count"}]}\
            """, "invalid_body", "'select' names 'count' twice");
        rejected("""
            {"select": ["genre", {"max": "year", "as": "genre"}], "groupby": ["genre"]}\
            """, "invalid_body", "'select' names 'genre' twice");
    }

    @Test
    void anUnknownOrHiddenColumnInSelectIs400() {
        rejected("""
            {"select": ["titel"]}\
            """, "unknown_column", "unknown column 'titel' in select of table 'book'");
        rejected("""
            {"select": ["title", "password"]}\
            """, "hidden_column", "column 'password' is hidden and cannot be used in select");
        rejected("""
            {"select": [{"max": "password"}]}\
            """, "hidden_column", "column 'password' is hidden and cannot be used in select");
        rejected("""
            {"select": [{"count": "pages"}]}\
            """, "unknown_column", "unknown column 'pages' in select of table 'book'");
    }

    @Test
    void selectTakesColumnNamesAndAggregateObjectsOnly() {
        rejected("""
            {"select": ["title", 1]}\
            """, "invalid_body", "'select' takes column names and aggregate objects, got 1");
        rejected("""
            {"select": [["title"]]}\
            """, "invalid_body", "'select' takes column names and aggregate objects, got [\"title\"]");
        rejected("""
            {"select": {"title": true}}\
            """, "invalid_body", "'select' must be an array or a comma-separated string");
        rejected("""
            {"select": 1}\
            """, "invalid_body", "'select' must be an array or a comma-separated string");
    }

    // ---- groupby and having

    @Test
    void aggregatesWithGroupbyAreOrderedByTheGroupColumns() {
        assertEquals(
                read(
                        BOOK,
                        List.of(new Field(GENRE), new Aggregate(Function.COUNT, Optional.empty(), "count")),
                        Where.ALL,
                        List.of(new Field(GENRE)),
                        Where.ALL,
                        List.of(asc(GENRE)),
                        false,
                        false,
                        List.of()),
                book("""
                    {"select": ["genre", {"count": "*"}], "groupby": ["genre"]}\
                    """));
    }

    @Test
    void groupbyAsAStringListsItsColumns() {
        Fetch fetch = book("""
            {"select": ["genre", "author_id", {"count": "*"}], "groupby": "genre, author_id"}\
            """);
        assertEquals(List.of(new Field(GENRE), new Field(AUTHOR_FK)), fetch.groupBy());
        assertEquals(List.of(asc(GENRE), asc(AUTHOR_FK)), fetch.orderBy());
        assertTrue(fetch.grouped());
    }

    @Test
    void groupbyWithoutSelectSelectsTheGroupColumns() {
        Fetch fetch = book("""
            {"groupby": ["genre"]}\
            """);
        assertEquals(List.of(new Field(GENRE)), fetch.select());
        assertEquals(List.of(new Field(GENRE)), fetch.groupBy());
        assertEquals(List.of(asc(GENRE)), fetch.orderBy());
        assertTrue(fetch.grouped());
    }

    @Test
    void anAggregateWithoutGroupbyIsOneGroupWithoutOrder() {
        Fetch fetch = book("""
            {"select": [{"count": "*"}, {"min": "year"}], "where": {"genre": "sf"}}\
            """);
        assertEquals(List.of(), fetch.groupBy());
        assertEquals(List.of(), fetch.orderBy());
        assertEquals(new Where.Compare(GENRE, Operator.EQ, "sf"), fetch.where());
        assertTrue(fetch.grouped());
    }

    @Test
    void aColumnSelectedWithAggregatesMustBeInGroupby() {
        rejected("""
            {"select": ["title", {"count": "*"}], "groupby": ["genre"]}\
            """, "invalid_body", "'title' is selected with aggregates, so it must be in groupby");
        rejected("""
            {"select": ["genre", {"count": "*"}]}\
            """, "invalid_body", "'genre' is selected with aggregates, so it must be in groupby");
        rejected("""
            {"select": ["title"], "groupby": ["genre"]}\
            """, "invalid_body", "'title' is selected with aggregates, so it must be in groupby");
    }

    @Test
    void groupbyTakesKnownVisibleColumnNames() {
        rejected("""
            {"groupby": ["genre", 2]}\
            """, "invalid_body", "'groupby' takes column names, got 2");
        rejected("""
            {"groupby": ["genr"]}\
            """, "unknown_column", "unknown column 'genr' in groupby of table 'book'");
        rejected("""
            {"groupby": ["password"]}\
            """, "hidden_column", "column 'password' is hidden and cannot be used in groupby");
        rejected("""
            {"groupby": {"genre": true}}\
            """, "invalid_body", "'groupby' must be an array or a comma-separated string");
    }

    @Test
    void havingFiltersOnAliasesAndGroupColumns() {
        Fetch fetch = book("""
            {"select": ["genre", {"count": "*", "as": "books"}, {"avg": "price"}], "groupby": ["genre"],
             "having": {"books": {"gte": 2}, "avg_price": {"lt": 9.5}, "genre": {"ne": null}}}\
            """);
        assertEquals(
                new Where.And(List.of(
                        new Where.Compare(output("books", ColumnType.INTEGER), Operator.GTE, 2L),
                        new Where.Compare(output("avg_price", ColumnType.REAL), Operator.LT, 9.5),
                        new Where.Not(new Where.Is(GENRE, Where.Literal.NULL)))),
                fetch.having());
        assertEquals(Where.ALL, fetch.where());
    }

    @Test
    void havingValuesAreCheckedByTheAggregatesType() {
        // count is an integer; min and max keep their column's type; sum of integers is an integer.
        assertEquals(
                new Where.Compare(output("max_title", ColumnType.TEXT), Operator.EQ, "Dune"),
                book("""
                    {"select": [{"max": "title"}], "having": {"max_title": "Dune"}}\
                    """).having());
        assertEquals(
                new Where.Compare(output("sum_year", ColumnType.INTEGER), Operator.GT, 4000L),
                book("""
                    {"select": [{"sum": "year"}], "having": {"sum_year": {"gt": 4000}}}\
                    """).having());
        rejected("""
            {"select": [{"count": "*"}], "having": {"count": {"gt": "2"}}}\
            """, "invalid_value", "column 'count' expects an integer, got \"2\"");
    }

    @Test
    void havingWithoutGroupingIs400() {
        rejected("""
            {"select": ["genre"], "having": {"genre": "sf"}}\
            """, "invalid_body", "'having' filters groups; it needs groupby or an aggregate in select");
        rejected("""
            {"having": {}}\
            """, "invalid_body", "'having' filters groups; it needs groupby or an aggregate in select");
    }

    @Test
    void havingOnAColumnThatIsNeitherGroupedNorAnAliasIs400() {
        // The column is unknown *to having*: the message must name having, as select, groupby and orderby do.
        rejected("""
            {"select": ["genre", {"count": "*"}], "groupby": ["genre"], "having": {"title": "Dune"}}\
            """, "unknown_column", "unknown column 'title' in having of table 'book'");
    }

    @Test
    void havingIsNamedInItsOwnShapeErrors() {
        rejected("""
            {"groupby": ["genre"], "having": [{"genre": "sf"}]}\
            """, "invalid_body", "'having' must be an object, like {\"id\": 1}");
        rejected(
                """
            {"select": ["genre", {"count": "*"}], "groupby": ["genre"], "having": {"count": [1, 2]}}\
            """,
                "invalid_body",
                "column 'count' in having got an array; use {\"in\": [...]} to match any of several" + " values");
        rejected("""
            {"groupby": ["genre"], "having": {"genre": {}}}\
            """, "invalid_body", "column 'genre' in having has an empty operator object");
    }

    @Test
    void anEtagOfGroupsOrDistinctRowsIs400() {
        rejected("""
            {"select": ["genre", {"count": "*"}], "groupby": ["genre"], "etag": true}\
            """, "invalid_body", "'etag' versions rows; groups and distinct rows have none");
        rejected("""
            {"select": ["genre"], "distinct": true, "etag": true}\
            """, "invalid_body", "'etag' versions rows; groups and distinct rows have none");
        assertTrue(book("""
            {"select": ["genre"], "distinct": true, "etag": false}\
            """).distinct());
    }

    @Test
    void orderbyOfAGroupedReadNamesAnAliasOrAGroupColumn() {
        Fetch fetch = book("""
            {"select": ["genre", "author_id", {"avg": "year", "as": "avg_year"}], "groupby": ["genre", "author_id"],
             "orderby": "avg_year desc nulls last, author_id"}\
            """);
        assertEquals(
                List.of(
                        new Order(output("avg_year", ColumnType.REAL), true, Order.Nulls.LAST),
                        asc(AUTHOR_FK),
                        asc(GENRE)),
                fetch.orderBy());
    }

    @Test
    void orderbyOfAGroupedReadByAnotherColumnIs400() {
        rejected("""
            {"select": ["genre", {"count": "*"}], "groupby": ["genre"], "orderby": "year"}\
            """, "unknown_column", "unknown column 'year' in orderby of table 'book'");
    }

    @Test
    void anAliasIsNoColumnOfAnUngroupedRead() {
        rejected("""
            {"orderby": "count"}\
            """, "unknown_column", "unknown column 'count' in orderby of table 'book'");
    }

    // ---- distinct and count

    @Test
    void distinctOrdersByTheSelectedColumns() {
        assertEquals(
                read(
                        BOOK,
                        List.of(new Field(GENRE), new Field(YEAR)),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        List.of(desc(YEAR), desc(GENRE)),
                        false,
                        true,
                        List.of()),
                book("""
                    {"select": ["genre", "year"], "distinct": true, "orderby": "year desc"}\
                    """));
    }

    @Test
    void distinctWithoutSelectOrdersByEveryVisibleColumn() {
        Fetch fetch = book("""
            {"distinct": true}\
            """);
        assertTrue(fetch.distinct());
        assertEquals(
                List.of(
                        asc(ID),
                        asc(TITLE),
                        asc(YEAR),
                        asc(GENRE),
                        asc(PRICE),
                        asc(IN_PRINT),
                        asc(COVER),
                        asc(AUTHOR_FK)),
                fetch.orderBy());
    }

    @Test
    void distinctFalseIsAPlainRead() {
        assertEquals(book("{}"), book("""
            {"distinct": false}\
            """));
    }

    @Test
    void withDistinctOrderbyMayOnlyNameSelectedColumns() {
        rejected(
                """
            {"select": ["genre"], "distinct": true, "orderby": "year"}\
            """,
                "invalid_orderby",
                "with distinct, orderby may only name selected columns; 'year' is not selected");
    }

    @Test
    void distinctAndCountMustBeTrueOrFalse() {
        rejected("""
            {"distinct": "yes"}\
            """, "invalid_body", "'distinct' must be true or false");
        rejected("""
            {"count": 1}\
            """, "invalid_body", "'count' must be true or false");
    }

    @Test
    void countAsksForTheCountToo() {
        assertEquals(
                read(
                        BOOK,
                        List.of(),
                        new Where.Compare(GENRE, Operator.EQ, "sf"),
                        List.of(),
                        Where.ALL,
                        BY_ID,
                        true,
                        false,
                        List.of()),
                book("""
                    {"where": {"genre": "sf"}, "count": true}\
                    """));
        assertFalse(book("""
            {"count": false}\
            """).count());
    }

    // ---- embed

    @Test
    void embedAsAnArrayNamesRelations() {
        assertEquals(
                read(
                        BOOK,
                        List.of(),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        BY_ID,
                        false,
                        false,
                        List.of(plainEmbed(BOOK_AUTHOR, BY_AUTHOR_ID), plainEmbed(BOOK_TAGS, BY_TAG_KEY))),
                book("""
                    {"embed": ["author", "tag"]}\
                    """));
    }

    @Test
    void aManyToOneEmbedReadsOneRowAndAOneToManyEmbedUpToTheMaximum() {
        Embed author = book("""
            {"embed": ["author"]}\
            """).embeds().get(0);
        assertEquals(new Page(1, 0), author.fetch().page());
        assertEquals(BOOK_AUTHOR, author.relation());
        Embed books = fetch("author", """
            {"embed": ["book"]}\
            """).embeds().get(0);
        assertEquals(AUTHOR_BOOKS, books.relation());
        assertEquals(new Page(MAX, 0), books.fetch().page());
    }

    @Test
    void embedAsACommaSeparatedStringNamesRelations() {
        assertEquals(
                List.of(plainEmbed(BOOK_AUTHOR, BY_AUTHOR_ID), plainEmbed(BOOK_TAGS, BY_TAG_KEY)),
                book("""
                    {"embed": "author, tag"}\
                    """).embeds());
    }

    @Test
    void embedAsAnObjectGivesEachRelationItsOwnRead() {
        Fetch fetch = fetch("author", """
            {"select": ["name"], "embed": {"book": {"select": ["title"], "where": {"year": {"gt": 1960}},
                                                   "orderby": "year desc", "limit": 3, "offset": 1,
                                                   "embed": {"tag": {"select": ["name"]}}}}}\
            """);
        Fetch tags = new Fetch(
                TAG,
                List.of(new Field(TAG_NAME)),
                Where.ALL,
                List.of(),
                Where.ALL,
                BY_TAG_KEY,
                new Page(MAX, 0),
                false,
                false,
                false,
                false,
                List.of());
        Fetch books = new Fetch(
                BOOK,
                List.of(new Field(TITLE)),
                new Where.Compare(YEAR, Operator.GT, 1960L),
                List.of(),
                Where.ALL,
                List.of(desc(YEAR), desc(ID)),
                new Page(3, 1),
                false,
                false,
                false,
                false,
                List.of(new Embed(BOOK_TAGS, tags)));
        assertEquals(
                read(
                        AUTHOR,
                        List.of(new Field(AUTHOR_NAME)),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        BY_AUTHOR_ID,
                        false,
                        false,
                        List.of(new Embed(AUTHOR_BOOKS, books))),
                fetch);
    }

    @Test
    void anEmbedWithANullOrEmptyBodyTakesTheDefaults() {
        assertEquals(
                List.of(plainEmbed(BOOK_AUTHOR, BY_AUTHOR_ID), plainEmbed(BOOK_TAGS, BY_TAG_KEY)),
                book("""
            {"embed": {"author": null, "tag": {}}}\
            """).embeds());
    }

    @Test
    void anEmbedsWhereMayUseHas() {
        Fetch fetch = fetch("author", """
            {"embed": {"book": {"where": {"tag": {"has": {"name": "classic"}}}}}}\
            """);
        assertEquals(
                new Where.Has(BOOK_TAGS, new Where.Compare(TAG_NAME, Operator.EQ, "classic")),
                fetch.embeds().get(0).fetch().where());
    }

    @Test
    void anEmbedsNamesAreCheckedAgainstItsOwnTable() {
        rejected(call("FETCH", "author", """
            {"embed": {"book": {"select": ["name"]}}}\
            """), "unknown_column", "unknown column 'name' in select of table 'book'");
        rejected(
                call("FETCH", "author", """
            {"embed": {"book": {"orderby": "password"}}}\
            """),
                "hidden_column",
                "column 'password' is hidden and cannot be used in orderby");
    }

    @Test
    void anEmbedsLimitIsBoundedByTheMaximum() {
        rejected(call("FETCH", "author", """
            {"embed": {"book": {"limit": 1001}}}\
            """), "invalid_limit", "'limit' 1001 is above the maximum of 1000");
        rejected(call("FETCH", "author", """
            {"embed": {"book": {"offset": -1}}}\
            """), "invalid_limit", "'offset' must be a non-negative integer, got -1");
    }

    @Test
    void anUnknownRelationInEmbedIs400() {
        rejected(
                """
            {"embed": ["publisher"]}\
            """,
                "invalid_body",
                "unknown relation 'publisher' in embed of table 'book';"
                        + " a relation is a table linked to it by a foreign key");
        rejected(
                """
            {"embed": {"genre": {}}}\
            """,
                "invalid_body",
                "unknown relation 'genre' in embed of table 'book';"
                        + " a relation is a table linked to it by a foreign key");
        rejected(
                call("FETCH", "author", """
            {"embed": "tag"}\
            """),
                "invalid_body",
                "unknown relation 'tag' in embed of table 'author';"
                        + " a relation is a table linked to it by a foreign key");
    }

    @Test
    void aCompositeForeignKeyIsNoRelation() {
        rejected(
                call("FETCH", "printing", """
            {"embed": ["edition"]}\
            """),
                "invalid_body",
                "unknown relation 'edition' in embed of table 'printing';"
                        + " a relation is a table linked to it by a foreign key");
    }

    @Test
    void aRelationByTwoForeignKeysIsAmbiguous() {
        rejected(
                """
            {"embed": ["loan"]}\
            """,
                "invalid_body",
                "'loan' is related to 'book' by more than one foreign key;" + " Tiddly cannot tell which one is meant");
        rejected(
                call("FETCH", "loan", """
            {"where": {"book": {"has": {}}}}\
            """),
                "invalid_body",
                "'book' is related to 'loan' by more than one foreign key;" + " Tiddly cannot tell which one is meant");
    }

    @Test
    void anEmbedNamedLikeAnotherColumnIs400() {
        rejected(
                call("FETCH", "shelf", """
            {"embed": ["book"]}\
            """),
                "invalid_body",
                "cannot embed 'book': table 'shelf' has another column of that name");
    }

    @Test
    void anUnknownKeyInAnEmbedBodyIs400() {
        rejected(
                """
            {"embed": {"tag": {"count": true}}}\
            """,
                "invalid_body",
                "unknown key 'count' in embed 'tag';" + " expected select, where, orderby, limit, offset or embed");
        rejected(
                """
            {"embed": {"tag": {"groupby": ["name"]}}}\
            """,
                "invalid_body",
                "unknown key 'groupby' in embed 'tag';" + " expected select, where, orderby, limit, offset or embed");
    }

    @Test
    void anEmbedBodyMustBeAnObject() {
        rejected("""
            {"embed": {"tag": ["name"]}}\
            """, "invalid_body", "embed 'tag' must be a JSON object");
        rejected("""
            {"embed": 1}\
            """, "invalid_body", "'embed' must be a JSON object");
        rejected("""
            {"embed": ["author", 1]}\
            """, "invalid_body", "'embed' takes relation names, got 1");
    }

    @Test
    void embeddingIntoDistinctRowsIs400() {
        rejected("""
            {"select": ["title"], "distinct": true, "embed": ["author"]}\
            """, "invalid_body", "'embed' adds related rows to rows; it cannot embed into distinct rows");
    }

    @Test
    void embeddingIntoGroupsIs400() {
        rejected("""
            {"select": ["author_id", {"count": "*"}], "groupby": ["author_id"], "embed": ["author"]}\
            """, "invalid_body", "'embed' adds related rows to rows; it cannot embed into groups");
        rejected("""
            {"groupby": ["author_id"], "embed": ["author"]}\
            """, "invalid_body", "'embed' adds related rows to rows; it cannot embed into groups");
    }

    // ---- where has

    @Test
    void hasAcrossAManyToOneRelation() {
        assertEquals(
                new Where.Has(BOOK_AUTHOR, new Where.Compare(AUTHOR_NAME, Operator.EQ, "Herbert")),
                book("""
                    {"where": {"author": {"has": {"name": "Herbert"}}}}\
                    """).where());
    }

    @Test
    void hasAcrossAOneToManyRelation() {
        assertEquals(
                new Where.Has(AUTHOR_BOOKS, new Where.Compare(YEAR, Operator.GT, 2015L)),
                fetch("author", """
                    {"where": {"book": {"has": {"year": {"gt": 2015}}}}}\
                    """).where());
    }

    @Test
    void hasOfAnEmptyWhereIsAnyRelatedRowAndHasNests() {
        assertEquals(
                new Where.Has(AUTHOR_BOOKS, Where.ALL), fetch("author", """
            {"where": {"book": {"has": {}}}}\
            """).where());
        assertEquals(
                new Where.And(List.of(
                        new Where.Compare(BORN, Operator.LT, 1900L),
                        new Where.Has(
                                AUTHOR_BOOKS,
                                new Where.Has(BOOK_TAGS, new Where.Compare(TAG_NAME, Operator.EQ, "sf"))))),
                fetch("author", """
                    {"where": {"born": {"lt": 1900}, "book": {"has": {"tag": {"has": {"name": "sf"}}}}}}\
                    """).where());
    }

    @Test
    void hasInsideNotAndOr() {
        assertEquals(
                new Where.Or(List.of(
                        new Where.Not(new Where.Has(BOOK_AUTHOR, Where.ALL)),
                        new Where.Has(BOOK_TAGS, new Where.Compare(TAG_NAME, Operator.EQ, "sf")))),
                book("""
                    {"where": {"or": [{"not": {"author": {"has": {}}}}, {"tag": {"has": {"name": "sf"}}}]}}\
                    """).where());
    }

    @Test
    void anUnknownRelationInHasIs400() {
        rejected(
                call("FETCH", "author", """
            {"where": {"publisher": {"has": {}}}}\
            """),
                "invalid_body",
                "unknown relation 'publisher' in where of table 'author';"
                        + " a relation is a table linked to it by a foreign key");
    }

    @Test
    void theWhereInsideHasIsCheckedAgainstTheRelatedTable() {
        rejected("""
            {"where": {"author": {"has": {"title": "Dune"}}}}\
            """, "unknown_column", "unknown column 'title' in where of table 'author'");
    }

    @Test
    void anObjectWithMoreThanHasIsAColumnCondition() {
        rejected("""
            {"where": {"author": {"has": {}, "eq": 1}}}\
            """, "unknown_column", "unknown column 'author' in where of table 'book'");
    }

    // ---- GET parameters

    @Test
    void selectParameterIsACommaListOrJson() {
        assertEquals(
                List.of(new Field(ID), new Field(TITLE)),
                list("book", "select", "id,title").select());
        assertEquals(
                List.of(new Field(GENRE), new Aggregate(Function.COUNT, Optional.empty(), "n")),
                list("book", "select", """
                    ["genre", {"count": "*", "as": "n"}]\
                    """, "groupby", "genre").select());
    }

    @Test
    void groupbyAndHavingParameters() {
        Fetch fetch = list("book", "select", """
            ["genre", {"count": "*"}]\
            """, "groupby", "genre", "having", """
            {"count": {"gt": 14}}\
            """);
        assertEquals(List.of(new Field(GENRE)), fetch.groupBy());
        assertEquals(new Where.Compare(output("count", ColumnType.INTEGER), Operator.GT, 14L), fetch.having());
        assertEquals(fetch, book("""
            {"select": ["genre", {"count": "*"}], "groupby": "genre", "having": {"count": {"gt": 14}}}\
            """));
    }

    @Test
    void havingParameterMustBeJson() {
        rejected(
                get("book", "groupby", "genre", "having", "count>1"),
                "invalid_json",
                "query parameter 'having' is not valid JSON (line 1, column 1)");
    }

    @Test
    void aJsonParameterMustBeValidJson() {
        rejected(
                get("book", "select", "[\"id\""),
                "invalid_json",
                "query parameter 'select' is not valid JSON: it ends too early");
    }

    @Test
    void countDistinctAndEtagParametersAreBooleans() {
        Fetch fetch = list("book", "select", "genre", "distinct", "true", "count", "true");
        assertTrue(fetch.distinct());
        assertTrue(fetch.count());
        assertEquals(book("""
            {"select": ["genre"], "distinct": true, "count": true}\
            """), fetch);
        Fetch plain = list("book", "distinct", "false", "count", "false", "etag", "false");
        assertEquals(book("{}"), plain);
    }

    @Test
    void aBooleanParameterThatIsNotTrueOrFalseIs400() {
        rejected(get("book", "count", "yes"), "invalid_body", "'count' must be true or false, got 'yes'");
        rejected(get("book", "distinct", "1"), "invalid_body", "'distinct' must be true or false, got '1'");
        rejected(get("book", "etag", "TRUE"), "invalid_body", "'etag' must be true or false, got 'TRUE'");
    }

    @Test
    void embedParameterIsACommaListOrJson() {
        assertEquals(
                List.of(plainEmbed(BOOK_AUTHOR, BY_AUTHOR_ID), plainEmbed(BOOK_TAGS, BY_TAG_KEY)),
                list("book", "embed", "author,tag").embeds());
        assertEquals(
                List.of(plainEmbed(BOOK_AUTHOR, BY_AUTHOR_ID)),
                list("book", "embed", """
            ["author"]\
            """).embeds());
        assertEquals(fetch("author", """
                    {"where": {"id": 1}, "embed": {"book": {"select": ["id"], "limit": 1}}}\
                    """), list("author", "id", "1", "embed", """
                    {"book": {"select": ["id"], "limit": 1}}\
                    """));
    }

    @Test
    void orderbyParameterMayBeAJsonArray() {
        assertEquals(List.of(desc(YEAR), desc(ID)), list("book", "orderby", """
            ["year desc"]\
            """).orderBy());
    }

    @Test
    void whereParameterMayUseHasButFilterParametersMayNot() {
        assertEquals(
                new Where.Has(BOOK_AUTHOR, Where.ALL),
                list("book", "where", """
            {"author": {"has": {}}}\
            """).where());
        rejected(get("book", "author", "x"), "unknown_column", "unknown column 'author' in where of table 'book'");
    }

    @Test
    void everyFetchKeyAsParametersGivesTheSameReadAsTheBody() {
        assertEquals(
                book("""
                    {"select": ["id", "title"], "where": {"year": {"gt": 1960}}, "orderby": "year desc", "limit": 5,
                     "offset": 10, "count": true, "embed": ["author"], "etag": true}\
                    """),
                list(
                        "book",
                        "select",
                        "id,title",
                        "where",
                        """
                    {"year": {"gt": 1960}}\
                    """,
                        "orderby",
                        "year desc",
                        "limit",
                        "5",
                        "offset",
                        "10",
                        "count",
                        "true",
                        "embed",
                        "author",
                        "etag",
                        "true"));
    }

    // ---- QUERY

    @Test
    void queryParsesExactlyLikeFetch() {
        String body = """
            {"select": ["genre", {"count": "*"}], "where": {"author": {"has": {"born": {"lt": 1900}}}},
             "groupby": ["genre"], "having": {"count": {"gt": 1}}, "orderby": "count desc", "limit": 5, "count": true}\
            """;
        assertEquals(parser.parse(call("FETCH", "book", body)), parser.parse(call("QUERY", "book", body)));
        String embed = """
            {"select": ["name"], "embed": {"book": {"limit": 2}}, "distinct": false}\
            """;
        assertEquals(parser.parse(call("FETCH", "author", embed)), parser.parse(call("QUERY", "author", embed)));
    }

    @Test
    void queryRejectsExactlyLikeFetch() {
        for (String verb : List.of("FETCH", "QUERY")) {
            rejected(
                    call(verb, "book", """
                {"selct": []}\
                """),
                    "invalid_body",
                    "unknown key 'selct' in the FETCH body; expected select, where, orderby, limit,"
                            + " offset, cursor, count, distinct, embed, groupby, having or etag");
            rejected(call(verb, "book", "[]"), "invalid_body", "the FETCH body must be a JSON object");
        }
    }

    @Test
    void queryReadsAView() {
        assertEquals(
                new Fetch(BOOK_TITLES, Where.ALL, List.of(), new Page(MAX, 0), false, false),
                parser.parse(call("QUERY", "book_titles", "")));
    }
}
