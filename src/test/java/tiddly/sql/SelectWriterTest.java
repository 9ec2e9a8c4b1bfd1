package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tiddly.query.Embed;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Relation;
import tiddly.query.SearchQuery;
import tiddly.query.SearchQuery.Clause;
import tiddly.query.SearchQuery.Term;
import tiddly.query.Selected;
import tiddly.query.Selected.Aggregate;
import tiddly.query.Selected.Field;
import tiddly.query.Selected.Function;
import tiddly.query.Where;
import tiddly.query.Where.Operator;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.SearchIndex;
import tiddly.schema.Table;

/** Reads → SELECT: items, aggregates, DISTINCT, GROUP BY/HAVING, the count, embeds and EXISTS. */
class SelectWriterTest {
    // author(id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER)
    private static final Column AUTHOR_ID = column("id", "INTEGER", true, false);
    private static final Column NAME = column("name", "TEXT", false, false);
    private static final Column BORN = column("born", "INTEGER", false, false);
    private static final Table AUTHOR = table("author", List.of(AUTHOR_ID, NAME, BORN), List.of(AUTHOR_ID));

    // book(id INTEGER PRIMARY KEY, title TEXT, year INTEGER, genre TEXT, price REAL,
    //      author_id INTEGER REFERENCES author(id), password TEXT -- hidden)
    private static final Column ID = column("id", "INTEGER", true, false);
    private static final Column TITLE = column("title", "TEXT", false, false);
    private static final Column YEAR = column("year", "INTEGER", false, false);
    private static final Column GENRE = column("genre", "TEXT", false, false);
    private static final Column PRICE = column("price", "REAL", false, false);
    private static final Column AUTHOR_FK = column("author_id", "INTEGER", false, false);
    private static final Column PASSWORD = column("password", "TEXT", false, true);
    private static final Table BOOK =
            table("book", List.of(ID, TITLE, YEAR, GENRE, PRICE, AUTHOR_FK, PASSWORD), List.of(ID));

    // tag(book_id INTEGER REFERENCES book(id), name TEXT, PRIMARY KEY (book_id, name))
    private static final Column TAG_BOOK = column("book_id", "INTEGER", true, false);
    private static final Column TAG_NAME = column("name", "TEXT", true, false);
    private static final Table TAG = table("tag", List.of(TAG_BOOK, TAG_NAME), List.of(TAG_BOOK, TAG_NAME));

    private static final Relation BOOK_AUTHOR = new Relation("author", AUTHOR_FK, AUTHOR, AUTHOR_ID, false);
    private static final Relation AUTHOR_BOOKS = new Relation("book", AUTHOR_ID, BOOK, AUTHOR_FK, true);
    private static final Relation BOOK_TAGS = new Relation("tag", ID, TAG, TAG_BOOK, true);

    private static final Aggregate COUNT = new Aggregate(Function.COUNT, Optional.empty(), "count");
    private static final Aggregate AVG_YEAR = new Aggregate(Function.AVG, Optional.of(YEAR), "avg_year");

    private final SelectWriter writer = new SelectWriter(new SqliteDialect());

    private static Column column(String name, String declared, boolean key, boolean hidden) {
        return new Column(
                name, declared, ColumnType.ofDeclared(declared), !key, Optional.empty(), key, key, false, hidden);
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

    /** An aggregate's output, as the parser gives it to having and orderby. */
    private static Column output(String alias, ColumnType type) {
        return Column.derived(alias, type);
    }

    /** How a selected aggregate is a column of the statement's rows: typed, so booleans convert. */
    private static Column item(String alias, ColumnType type) {
        return Column.derived(alias, type);
    }

    private static Fetch read(
            Table table,
            List<Selected> select,
            Where where,
            List<Field> groupBy,
            Where having,
            List<Order> orderBy,
            Page page,
            boolean distinct,
            List<Embed> embeds) {
        return new Fetch(table, select, where, groupBy, having, orderBy, page, false, false, false, distinct, embeds);
    }

    private static Fetch books(List<Selected> select, Where where, List<Order> orderBy) {
        return read(BOOK, select, where, List.of(), Where.ALL, orderBy, new Page(10, 0), false, List.of());
    }

    // ---- select items

    @Test
    void selectedColumnsComeFirstThenTheOrderColumnsTheCursorNeeds() {
        Statement statement = writer.select(books(List.of(new Field(TITLE)), Where.ALL, List.of(desc(YEAR), asc(ID))));
        assertEquals(
                new Statement(
                        "SELECT \"title\", \"year\", \"id\" FROM \"book\" ORDER BY \"year\" DESC, \"id\" ASC"
                                + " LIMIT 11 OFFSET 0",
                        List.of(),
                        List.of(TITLE, YEAR, ID),
                        false),
                statement);
    }

    @Test
    void anOrderColumnAlreadySelectedIsSelectedOnce() {
        assertEquals(
                "SELECT \"year\", \"title\", \"id\" FROM \"book\" ORDER BY \"year\" ASC, \"id\" ASC LIMIT 11 OFFSET 0",
                writer.select(books(List.of(new Field(YEAR), new Field(TITLE)), Where.ALL, List.of(asc(YEAR), asc(ID))))
                        .sql());
    }

    @Test
    void theJoinColumnOfAnEmbedIsSelectedToo() {
        Embed author = new Embed(
                BOOK_AUTHOR,
                read(
                        AUTHOR,
                        List.of(),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        List.of(asc(AUTHOR_ID)),
                        new Page(1, 0),
                        false,
                        List.of()));
        Statement statement = writer.select(read(
                BOOK,
                List.of(new Field(TITLE)),
                Where.ALL,
                List.of(),
                Where.ALL,
                List.of(asc(ID)),
                new Page(10, 0),
                false,
                List.of(author)));
        assertEquals(
                "SELECT \"title\", \"id\", \"author_id\" FROM \"book\" ORDER BY \"id\" ASC LIMIT 11 OFFSET 0",
                statement.sql());
        assertEquals(List.of(TITLE, ID, AUTHOR_FK), statement.columns());
    }

    @Test
    void aSingleLookupSelectsExactlyItsLimit() {
        Fetch lookup = new Fetch(BOOK, new Where.Compare(ID, Operator.EQ, 7L), List.of(), new Page(1, 0), true, false);
        assertEquals(List.of(7L), writer.select(lookup).parameters());
    }

    @Test
    void aggregatesAreSelectedAsTheirAlias() {
        Statement statement = writer.select(read(
                BOOK,
                List.of(
                        new Field(GENRE),
                        COUNT,
                        new Aggregate(Function.COUNT, Optional.of(PRICE), "priced"),
                        new Aggregate(Function.SUM, Optional.of(PRICE), "sum_price"),
                        AVG_YEAR,
                        new Aggregate(Function.MIN, Optional.of(TITLE), "first"),
                        new Aggregate(Function.MAX, Optional.of(YEAR), "max_year")),
                Where.ALL,
                List.of(new Field(GENRE)),
                Where.ALL,
                List.of(asc(GENRE)),
                new Page(10, 0),
                false,
                List.of()));
        assertEquals(
                new Statement(
                        "SELECT \"genre\", count(*) AS \"count\", count(\"price\") AS \"priced\","
                                + " sum(\"price\") AS \"sum_price\", total(\"year\") / NULLIF(count(\"year\"), 0) AS \"avg_year\","
                                + " min(\"title\") AS \"first\", max(\"year\") AS \"max_year\" FROM \"book\""
                                + " GROUP BY \"genre\" ORDER BY \"genre\" ASC LIMIT 11 OFFSET 0",
                        List.of(),
                        List.of(
                                GENRE,
                                item("count", ColumnType.INTEGER),
                                item("priced", ColumnType.INTEGER),
                                item("sum_price", ColumnType.REAL),
                                item("avg_year", ColumnType.REAL),
                                item("first", ColumnType.TEXT),
                                item("max_year", ColumnType.INTEGER)),
                        false),
                statement);
    }

    @Test
    void anAggregateOverEveryRowHasNoGroupBy() {
        assertEquals(
                "SELECT count(*) AS \"count\", min(\"year\") AS \"min_year\" FROM \"book\" WHERE \"genre\" = ?"
                        + " LIMIT 11 OFFSET 0",
                writer.select(books(
                                List.of(COUNT, new Aggregate(Function.MIN, Optional.of(YEAR), "min_year")),
                                new Where.Compare(GENRE, Operator.EQ, "sf"),
                                List.of()))
                        .sql());
    }

    @Test
    void groupByHavingAndOrderByAnAlias() {
        Statement statement = writer.select(read(
                BOOK,
                List.of(new Field(GENRE), new Field(AUTHOR_FK), COUNT, AVG_YEAR),
                new Where.Compare(YEAR, Operator.GT, 1900L),
                List.of(new Field(GENRE), new Field(AUTHOR_FK)),
                new Where.And(List.of(
                        new Where.Compare(output("count", ColumnType.INTEGER), Operator.GTE, 2L),
                        new Where.Compare(output("avg_year", ColumnType.REAL), Operator.LT, 2000.5),
                        new Where.Not(new Where.Is(GENRE, Where.Literal.NULL)))),
                List.of(
                        new Order(output("avg_year", ColumnType.REAL), true, Order.Nulls.LAST),
                        asc(GENRE),
                        asc(AUTHOR_FK)),
                new Page(5, 10),
                false,
                List.of()));
        assertEquals(
                "SELECT \"genre\", \"author_id\", count(*) AS \"count\", total(\"year\") / NULLIF(count(\"year\"), 0) AS \"avg_year\" FROM \"book\""
                        + " WHERE \"year\" > ? GROUP BY \"genre\", \"author_id\""
                        + " HAVING (count(*) >= ? AND total(\"year\") / NULLIF(count(\"year\"), 0) < ? AND NOT (\"genre\" IS NULL))"
                        + " ORDER BY total(\"year\") / NULLIF(count(\"year\"), 0) DESC NULLS LAST, \"genre\" ASC, \"author_id\" ASC LIMIT 6 OFFSET 10",
                statement.sql());
        assertEquals(List.of(1900L, 2L, 2000.5), statement.parameters());
        assertEquals(
                List.of(GENRE, AUTHOR_FK, item("count", ColumnType.INTEGER), item("avg_year", ColumnType.REAL)),
                statement.columns());
    }

    @Test
    void havingOnAnAggregateInsideOrAndInStaysTheAggregate() {
        Statement statement = writer.select(read(
                BOOK,
                List.of(new Field(GENRE), COUNT),
                Where.ALL,
                List.of(new Field(GENRE)),
                new Where.Or(List.of(
                        new Where.In(output("count", ColumnType.INTEGER), List.of(1L, 2L), false),
                        new Where.Is(output("count", ColumnType.INTEGER), Where.Literal.NULL))),
                List.of(asc(GENRE)),
                new Page(10, 0),
                false,
                List.of()));
        assertEquals(
                "SELECT \"genre\", count(*) AS \"count\" FROM \"book\" GROUP BY \"genre\""
                        + " HAVING (count(*) IN (?, ?) OR count(*) IS NULL) ORDER BY \"genre\" ASC LIMIT 11 OFFSET 0",
                statement.sql());
        assertEquals(List.of(1L, 2L), statement.parameters());
    }

    @Test
    void aTableColumnNamedLikeAnAliasStaysTheColumnInWhere() {
        Aggregate year = new Aggregate(Function.MAX, Optional.of(YEAR), "year");
        Statement statement = writer.select(read(
                BOOK,
                List.of(new Field(GENRE), year),
                new Where.Compare(YEAR, Operator.GT, 1900L),
                List.of(new Field(GENRE)),
                new Where.Compare(output("year", ColumnType.INTEGER), Operator.LT, 2000L),
                List.of(asc(GENRE)),
                new Page(10, 0),
                false,
                List.of()));
        assertEquals(
                "SELECT \"genre\", max(\"year\") AS \"year\" FROM \"book\" WHERE \"year\" > ? GROUP BY \"genre\""
                        + " HAVING max(\"year\") < ? ORDER BY \"genre\" ASC LIMIT 11 OFFSET 0",
                statement.sql());
    }

    @Test
    void distinctSelectsOnlyTheShownColumns() {
        Statement statement = writer.select(read(
                BOOK,
                List.of(new Field(GENRE)),
                Where.ALL,
                List.of(),
                Where.ALL,
                List.of(desc(GENRE)),
                new Page(10, 0),
                true,
                List.of()));
        assertEquals(
                new Statement(
                        "SELECT DISTINCT \"genre\" FROM \"book\" ORDER BY \"genre\" DESC LIMIT 11 OFFSET 0",
                        List.of(),
                        List.of(GENRE),
                        false),
                statement);
    }

    // ---- count

    @Test
    void theCountOfAPlainReadCountsTheWhereWithoutPageOrOrder() {
        Fetch fetch = read(
                BOOK,
                List.of(new Field(TITLE)),
                new Where.Compare(YEAR, Operator.GT, 1960L),
                List.of(),
                Where.ALL,
                List.of(desc(YEAR), asc(ID)),
                new Page(5, 20),
                false,
                List.of());
        assertEquals(
                new Statement(
                        "SELECT count(*) AS \"count\" FROM \"book\" WHERE \"year\" > ?",
                        List.of(1960L),
                        List.of(Column.derived("count", ColumnType.INTEGER)),
                        false),
                writer.count(fetch));
    }

    @Test
    void theCountOfEveryRowHasNoWhere() {
        assertEquals(
                "SELECT count(*) AS \"count\" FROM \"book\"",
                writer.count(books(List.of(), Where.ALL, List.of(asc(ID)))).sql());
    }

    @Test
    void theCountIgnoresTheCursorPosition() {
        Fetch after = read(
                BOOK,
                List.of(),
                Where.ALL,
                List.of(),
                Where.ALL,
                List.of(asc(ID)),
                new Page(5, 0, Optional.of(List.of(7L))),
                false,
                List.of());
        assertEquals(
                new Statement(
                        "SELECT count(*) AS \"count\" FROM \"book\"",
                        List.of(),
                        List.of(Column.derived("count", ColumnType.INTEGER)),
                        false),
                writer.count(after));
    }

    @Test
    void theCountOfGroupsCountsTheGroupedQuery() {
        Fetch fetch = read(
                BOOK,
                List.of(new Field(GENRE), COUNT),
                new Where.Compare(YEAR, Operator.GT, 1900L),
                List.of(new Field(GENRE)),
                new Where.Compare(output("count", ColumnType.INTEGER), Operator.GTE, 2L),
                List.of(asc(GENRE)),
                new Page(5, 0),
                false,
                List.of());
        Statement count = writer.count(fetch);
        assertEquals(
                "SELECT count(*) AS \"count\" FROM (SELECT \"genre\", count(*) AS \"count\" FROM \"book\""
                        + " WHERE \"year\" > ? GROUP BY \"genre\" HAVING count(*) >= ?) AS \"_counted\"",
                count.sql());
        assertEquals(List.of(1900L, 2L), count.parameters());
    }

    @Test
    void theCountOfAnAggregateOverEveryRowIsOne() {
        assertEquals(
                "SELECT count(*) AS \"count\" FROM (SELECT count(*) AS \"count\" FROM \"book\") AS \"_counted\"",
                writer.count(books(List.of(COUNT), Where.ALL, List.of())).sql());
    }

    @Test
    void theCountOfDistinctRowsCountsTheDistinctQuery() {
        Fetch fetch = read(
                BOOK,
                List.of(new Field(GENRE), new Field(AUTHOR_FK)),
                new Where.Is(YEAR, Where.Literal.NULL),
                List.of(),
                Where.ALL,
                List.of(asc(GENRE), asc(AUTHOR_FK)),
                new Page(5, 0),
                true,
                List.of());
        assertEquals(
                new Statement(
                        "SELECT count(*) AS \"count\" FROM (SELECT DISTINCT \"genre\", \"author_id\" FROM \"book\""
                                + " WHERE \"year\" IS NULL) AS \"_counted\"",
                        List.of(),
                        List.of(Column.derived("count", ColumnType.INTEGER)),
                        false),
                writer.count(fetch));
    }

    // ---- embed

    @Test
    void aManyToOneEmbedReadsTheRowsTheKeysPointAt() {
        Embed author = new Embed(
                BOOK_AUTHOR,
                read(
                        AUTHOR,
                        List.of(new Field(NAME)),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        List.of(asc(AUTHOR_ID)),
                        new Page(1, 0),
                        false,
                        List.of()));
        assertEquals(
                new Statement(
                        "SELECT \"name\", \"id\" FROM \"author\" WHERE \"id\" IN (?, ?, ?)",
                        List.of(1L, 2L, 5L),
                        List.of(NAME, AUTHOR_ID),
                        false),
                writer.embed(author, List.of(1L, 2L, 5L)));
    }

    @Test
    void aManyToOneEmbedAddsTheJoinColumnWhenNotSelectedAndAndsItsWhere() {
        Embed author = new Embed(
                BOOK_AUTHOR,
                read(
                        AUTHOR,
                        List.of(new Field(NAME)),
                        new Where.Or(List.of(
                                new Where.Compare(BORN, Operator.LT, 1900L), new Where.Is(BORN, Where.Literal.NULL))),
                        List.of(),
                        Where.ALL,
                        List.of(),
                        new Page(1, 0),
                        false,
                        List.of()));
        Statement statement = writer.embed(author, List.of(3L));
        assertEquals(
                "SELECT \"name\", \"id\" FROM \"author\" WHERE \"id\" IN (?) AND (\"born\" < ? OR \"born\" IS NULL)",
                statement.sql());
        assertEquals(List.of(3L, 1900L), statement.parameters());
        assertEquals(List.of(NAME, AUTHOR_ID), statement.columns());
    }

    @Test
    void aOneToManyEmbedNumbersEachParentsRowsAndCutsItsPage() {
        Embed books = new Embed(
                AUTHOR_BOOKS,
                read(
                        BOOK,
                        List.of(new Field(TITLE)),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        List.of(desc(YEAR), asc(ID)),
                        new Page(3, 1),
                        false,
                        List.of()));
        String inner = "SELECT \"title\", \"year\", \"id\", \"author_id\","
                + " ROW_NUMBER() OVER (PARTITION BY \"author_id\" ORDER BY \"year\" DESC, \"id\" ASC) AS \"_rn\""
                + " FROM \"book\" WHERE \"author_id\" IN (?, ?)";
        assertEquals(
                new Statement(
                        "SELECT \"title\", \"year\", \"id\", \"author_id\" FROM (" + inner + ") AS \"_embedded\""
                                + " WHERE \"_rn\" > ? AND \"_rn\" <= ? ORDER BY \"author_id\", \"_rn\"",
                        List.of(1L, 2L, 1L, 4L),
                        List.of(TITLE, YEAR, ID, AUTHOR_FK),
                        false),
                writer.embed(books, List.of(1L, 2L)));
    }

    @Test
    void aOneToManyEmbedsWhereGoesInsideAndItsParametersFollowTheKeys() {
        Embed books = new Embed(
                AUTHOR_BOOKS,
                read(
                        BOOK,
                        List.of(),
                        new Where.And(List.of(
                                new Where.Compare(GENRE, Operator.EQ, "sf"),
                                new Where.Compare(YEAR, Operator.GTE, 1960L))),
                        List.of(),
                        Where.ALL,
                        List.of(new Order(YEAR, false, Order.Nulls.LAST), asc(ID)),
                        new Page(10, 0),
                        false,
                        List.of()));
        Statement statement = writer.embed(books, List.of(9L));
        String columns = "\"id\", \"title\", \"year\", \"genre\", \"price\", \"author_id\"";
        assertEquals(
                "SELECT " + columns + " FROM (SELECT " + columns + ", ROW_NUMBER() OVER (PARTITION BY \"author_id\""
                        + " ORDER BY \"year\" ASC NULLS LAST, \"id\" ASC) AS \"_rn\" FROM \"book\""
                        + " WHERE \"author_id\" IN (?) AND (\"genre\" = ? AND \"year\" >= ?)) AS \"_embedded\""
                        + " WHERE \"_rn\" > ? AND \"_rn\" <= ? ORDER BY \"author_id\", \"_rn\"",
                statement.sql());
        assertEquals(List.of(9L, "sf", 1960L, 0L, 10L), statement.parameters());
        assertEquals(List.of(ID, TITLE, YEAR, GENRE, PRICE, AUTHOR_FK), statement.columns());
    }

    @Test
    void anEmbedWithItsOwnEmbedSelectsTheNestedJoinColumn() {
        Embed tags = new Embed(
                BOOK_TAGS,
                read(
                        TAG,
                        List.of(new Field(TAG_NAME)),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        List.of(asc(TAG_BOOK), asc(TAG_NAME)),
                        new Page(10, 0),
                        false,
                        List.of()));
        Embed books = new Embed(
                AUTHOR_BOOKS,
                read(
                        BOOK,
                        List.of(new Field(TITLE)),
                        Where.ALL,
                        List.of(),
                        Where.ALL,
                        List.of(asc(TITLE)),
                        new Page(2, 0),
                        false,
                        List.of(tags)));
        Statement statement = writer.embed(books, List.of(1L));
        assertEquals(List.of(TITLE, ID, AUTHOR_FK), statement.columns());
        assertEquals(
                "SELECT \"title\", \"id\", \"author_id\" FROM (SELECT \"title\", \"id\", \"author_id\","
                        + " ROW_NUMBER() OVER (PARTITION BY \"author_id\" ORDER BY \"title\" ASC) AS \"_rn\""
                        + " FROM \"book\" WHERE \"author_id\" IN (?)) AS \"_embedded\""
                        + " WHERE \"_rn\" > ? AND \"_rn\" <= ? ORDER BY \"author_id\", \"_rn\"",
                statement.sql());
        assertEquals(List.of(1L, 0L, 2L), statement.parameters());
    }

    // ---- has (EXISTS)

    @Test
    void hasAcrossAManyToOneRelationIsAnExistsCorrelatedToTheOuterTable() {
        Statement statement = writer.select(books(
                List.of(new Field(TITLE)),
                new Where.Has(BOOK_AUTHOR, new Where.Compare(NAME, Operator.EQ, "Herbert")),
                List.of(asc(ID))));
        assertEquals(
                "SELECT \"title\", \"id\" FROM \"book\" WHERE EXISTS (SELECT 1 FROM \"author\" AS \"_h1\""
                        + " WHERE \"_h1\".\"id\" = \"book\".\"author_id\" AND \"name\" = ?)"
                        + " ORDER BY \"id\" ASC LIMIT 11 OFFSET 0",
                statement.sql());
        assertEquals(List.of("Herbert"), statement.parameters());
    }

    @Test
    void hasAcrossAOneToManyRelationIsAnExistsCorrelatedToTheOuterKey() {
        Statement statement = writer.select(read(
                AUTHOR,
                List.of(new Field(NAME)),
                new Where.Has(AUTHOR_BOOKS, new Where.Compare(YEAR, Operator.GT, 2015L)),
                List.of(),
                Where.ALL,
                List.of(asc(AUTHOR_ID)),
                new Page(10, 0),
                false,
                List.of()));
        assertEquals(
                "SELECT \"name\", \"id\" FROM \"author\" WHERE EXISTS (SELECT 1 FROM \"book\" AS \"_h1\""
                        + " WHERE \"_h1\".\"author_id\" = \"author\".\"id\" AND \"year\" > ?)"
                        + " ORDER BY \"id\" ASC LIMIT 11 OFFSET 0",
                statement.sql());
        assertEquals(List.of(2015L), statement.parameters());
    }

    @Test
    void hasOfEveryRowIsABareExists() {
        assertEquals(
                "SELECT \"id\", \"name\", \"born\" FROM \"author\" WHERE NOT (EXISTS (SELECT 1 FROM \"book\" AS \"_h1\""
                        + " WHERE \"_h1\".\"author_id\" = \"author\".\"id\")) ORDER BY \"id\" ASC LIMIT 11 OFFSET 0",
                writer.select(read(
                                AUTHOR,
                                List.of(),
                                new Where.Not(new Where.Has(AUTHOR_BOOKS, Where.ALL)),
                                List.of(),
                                Where.ALL,
                                List.of(asc(AUTHOR_ID)),
                                new Page(10, 0),
                                false,
                                List.of()))
                        .sql());
    }

    @Test
    void aNestedHasIsCorrelatedToTheInnerAlias() {
        Statement statement = writer.select(read(
                AUTHOR,
                List.of(new Field(NAME)),
                new Where.Has(
                        AUTHOR_BOOKS,
                        new Where.And(List.of(
                                new Where.Compare(YEAR, Operator.LT, 1900L),
                                new Where.Has(BOOK_TAGS, new Where.Compare(TAG_NAME, Operator.EQ, "classic"))))),
                List.of(),
                Where.ALL,
                List.of(asc(AUTHOR_ID)),
                new Page(10, 0),
                false,
                List.of()));
        assertEquals(
                "SELECT \"name\", \"id\" FROM \"author\" WHERE EXISTS (SELECT 1 FROM \"book\" AS \"_h1\""
                        + " WHERE \"_h1\".\"author_id\" = \"author\".\"id\" AND (\"year\" < ?"
                        + " AND EXISTS (SELECT 1 FROM \"tag\" AS \"_h2\" WHERE \"_h2\".\"book_id\" = \"_h1\".\"id\""
                        + " AND \"name\" = ?))) ORDER BY \"id\" ASC LIMIT 11 OFFSET 0",
                statement.sql());
        assertEquals(List.of(1900L, "classic"), statement.parameters());
    }

    @Test
    void twoHasInOneWhereGetTheirOwnAliases() {
        Statement statement = writer.select(books(
                List.of(new Field(TITLE)),
                new Where.Or(List.of(
                        new Where.Has(BOOK_AUTHOR, new Where.Compare(NAME, Operator.EQ, "Herbert")),
                        new Where.Has(BOOK_TAGS, new Where.Compare(TAG_NAME, Operator.EQ, "sf")))),
                List.of(asc(ID))));
        assertEquals(
                "SELECT \"title\", \"id\" FROM \"book\" WHERE (EXISTS (SELECT 1 FROM \"author\" AS \"_h1\""
                        + " WHERE \"_h1\".\"id\" = \"book\".\"author_id\" AND \"name\" = ?)"
                        + " OR EXISTS (SELECT 1 FROM \"tag\" AS \"_h2\" WHERE \"_h2\".\"book_id\" = \"book\".\"id\""
                        + " AND \"name\" = ?)) ORDER BY \"id\" ASC LIMIT 11 OFFSET 0",
                statement.sql());
        assertEquals(List.of("Herbert", "sf"), statement.parameters());
    }

    @Test
    void hasInTheCountAndInAnEmbedIsCorrelatedToThatStatementsTable() {
        Where hasTag = new Where.Has(BOOK_TAGS, Where.ALL);
        assertEquals(
                "SELECT count(*) AS \"count\" FROM \"book\" WHERE EXISTS (SELECT 1 FROM \"tag\" AS \"_h1\""
                        + " WHERE \"_h1\".\"book_id\" = \"book\".\"id\")",
                writer.count(books(List.of(), hasTag, List.of(asc(ID)))).sql());
        Embed books = new Embed(
                AUTHOR_BOOKS,
                read(
                        BOOK,
                        List.of(new Field(TITLE)),
                        hasTag,
                        List.of(),
                        Where.ALL,
                        List.of(asc(ID)),
                        new Page(2, 0),
                        false,
                        List.of()));
        assertEquals(
                "SELECT \"title\", \"id\", \"author_id\" FROM (SELECT \"title\", \"id\", \"author_id\","
                        + " ROW_NUMBER() OVER (PARTITION BY \"author_id\" ORDER BY \"id\" ASC) AS \"_rn\""
                        + " FROM \"book\" WHERE \"author_id\" IN (?) AND EXISTS (SELECT 1 FROM \"tag\" AS \"_h1\""
                        + " WHERE \"_h1\".\"book_id\" = \"book\".\"id\")) AS \"_embedded\""
                        + " WHERE \"_rn\" > ? AND \"_rn\" <= ? ORDER BY \"author_id\", \"_rn\"",
                writer.embed(books, List.of(4L)).sql());
    }

    @Test
    void sqlWriterWritesAReadAsTheSelectWriterDoes() {
        Fetch fetch = books(List.of(new Field(TITLE)), new Where.Compare(YEAR, Operator.EQ, 1965L), List.of(asc(ID)));
        assertEquals(
                List.of(writer.select(fetch)),
                new SqlWriter(new SqliteDialect()).write(fetch).statements());
    }

    /** A search's best plan depends on its words: its statement is planned on each run (PreparedStatements). */
    @Test
    void aSearchIsPlannedOnEachRunAndOtherReadsAreNot() {
        Where.Search search = new Where.Search(
                new SearchIndex("_search_book", List.of("title")),
                new SearchQuery(List.of(new Clause(List.of(new Term(List.of("dune"), false)), false))));
        Fetch searched = new Fetch(BOOK, search, List.of(), new Page(20, 0), false, false);
        Fetch plain = new Fetch(BOOK, Where.ALL, List.of(), new Page(20, 0), false, false);
        assertEquals(true, writer.select(searched).planEachRun());
        assertEquals(false, writer.select(plain).planEachRun());
    }
}
