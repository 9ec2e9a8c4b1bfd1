package tiddly.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.ForeignKey;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/** Keyset cursors: signed, typed, and valid only for the query that made them. */
class CursorsTest {
    private static final long MAX = 100;

    // book(id INTEGER PRIMARY KEY, title TEXT, year INTEGER, price REAL, in_print BOOLEAN, cover BLOB,
    //      author_id INTEGER REFERENCES author(id))
    private static final Column ID = column("id", "INTEGER", true);
    private static final Column TITLE = column("title", "TEXT", false);
    private static final Column YEAR = column("year", "INTEGER", false);
    private static final Column PRICE = column("price", "REAL", false);
    private static final Column IN_PRINT = column("in_print", "BOOLEAN", false);
    private static final Column COVER = column("cover", "BLOB", false);
    private static final Column AUTHOR_FK = column("author_id", "INTEGER", false);
    private static final Table BOOK = new Table(
            "book",
            false,
            List.of(ID, TITLE, YEAR, PRICE, IN_PRINT, COVER, AUTHOR_FK),
            List.of(ID),
            List.of(List.of(ID)),
            List.of(new ForeignKey(List.of("author_id"), "author", List.of("id"))));
    private static final Column AUTHOR_ID = column("id", "INTEGER", true);
    private static final Table AUTHOR = new Table(
            "author",
            false,
            List.of(AUTHOR_ID, column("name", "TEXT", false)),
            List.of(AUTHOR_ID),
            List.of(List.of(AUTHOR_ID)),
            List.of());
    private static final Schema SCHEMA = new Schema(List.of(BOOK, AUTHOR));

    private final Cursors cursors = new Cursors("the server's secret".getBytes(StandardCharsets.UTF_8));
    private final RequestParser parser = new RequestParser(SCHEMA, MAX, false, cursors);

    private static Column column(String name, String declared, boolean key) {
        return new Column(
                name, declared, ColumnType.ofDeclared(declared), !key, Optional.empty(), key, key, false, false);
    }

    private Fetch fetch(String body) {
        return (Fetch) parser.parse(Call.of("FETCH", "book", Optional.empty(), body));
    }

    /** The body with "cursor": cursor added as its last key. */
    private static String withCursor(String body, String cursor) {
        return body.substring(0, body.lastIndexOf('}')) + (body.strip().equals("{}") ? "" : ", ") + "\"cursor\": \""
                + cursor + "\"}";
    }

    private Fetch next(String body, List<Object> position) {
        return fetch(withCursor(body, cursors.encode(fetch(body), position)));
    }

    private void refused(String body, String code, String message) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> fetch(body));
        assertEquals(400, e.status());
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }

    /** A cursor of {@code body}'s query for the position after book 5 in key order. */
    private String cursorAfterFive(String body) {
        return cursors.encode(fetch(body), List.of(5L));
    }

    // ---- round trips

    @Test
    void aCursorGivesBackItsPositionAsThePageToStartAfter() {
        String body = """
            {"orderby": "year desc", "limit": 2}""";
        Fetch next = next(body, List.of(1965L, 7L));
        assertEquals(new Page(2, 0, Optional.of(List.of(1965L, 7L))), next.page());
        assertEquals(
                List.of(new Order(YEAR, true, Order.Nulls.DEFAULT), new Order(ID, true, Order.Nulls.DEFAULT)),
                next.orderBy());
        Fetch first = fetch(body);
        assertEquals(
                new Fetch(
                        first.table(),
                        first.select(),
                        first.where(),
                        first.groupBy(),
                        first.having(),
                        first.orderBy(),
                        new Page(2, 0, Optional.of(List.of(1965L, 7L))),
                        false,
                        false,
                        false,
                        false,
                        first.embeds()),
                next);
    }

    @Test
    void positionValuesComeBackTypedByTheirColumns() {
        String body = """
            {"orderby": "title, year, price, in_print, author_id", "limit": 3}""";
        Fetch next = next(body, Arrays.asList("Dune", null, 9.5, true, 3L, 7L));
        assertEquals(
                Arrays.asList("Dune", null, 9.5, true, 3L, 7L),
                next.page().after().orElseThrow());
        Fetch whole = next(body, Arrays.asList("Emma", 1815L, 10.0, false, null, 8L));
        assertEquals(
                Arrays.asList("Emma", 1815L, 10.0, false, null, 8L),
                whole.page().after().orElseThrow());
    }

    @Test
    void anInfinitePositionComesBack() {
        // SQLite's REAL holds infinities (1e999); a cursor the server issued for one must come back, not be bad JSON.
        String body = """
            {"orderby": "price", "limit": 3}""";
        assertEquals(
                Arrays.asList(Double.POSITIVE_INFINITY, 4L),
                next(body, Arrays.asList(Double.POSITIVE_INFINITY, 4L))
                        .page()
                        .after()
                        .orElseThrow());
    }

    @Test
    void aBlobPositionComesBackAsItsBytes() {
        String body = """
            {"orderby": "cover", "limit": 3}""";
        List<Object> after = next(body, List.of(new byte[] {0, 1, (byte) 0xff}, 4L))
                .page()
                .after()
                .orElseThrow();
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, (byte[]) after.get(0));
        assertEquals(4L, after.get(1));
    }

    @Test
    void decodeChecksTheQueryAndTypesTheValues() {
        Fetch fetch = fetch("""
            {"orderby": "year", "limit": 3}""");
        assertEquals(List.of(1965L, 2L), cursors.decode(fetch, cursors.encode(fetch, List.of(1965L, 2L))));
    }

    @Test
    void theSameQueryWithAnotherLimitEtagOrCountTakesTheCursor() {
        String cursor = cursorAfterFive("""
            {"where": {"year": {"gt": 1900}}, "limit": 5}""");
        Fetch next = fetch("""
            {"where": {"year": {"gt": 1900}}, "limit": 50, "etag": true, "count": true, "cursor": "%s"}\
            """.formatted(cursor));
        assertEquals(new Page(50, 0, Optional.of(List.of(5L))), next.page());
        assertTrue(next.versions());
        assertTrue(next.count());
    }

    @Test
    void aCursorFromFetchWorksForTheSameQueryAsGetParameters() {
        String cursor = cursorAfterFive("""
            {"where": {"year": 1965}, "limit": 2}""");
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("year", List.of("1965"));
        params.put("limit", List.of("2"));
        params.put("cursor", List.of(cursor));
        Fetch next = (Fetch) parser.parse(new Call("GET", "book", Optional.empty(), "", params, Optional.empty()));
        assertEquals(new Page(2, 0, Optional.of(List.of(5L))), next.page());
    }

    @Test
    void aCursorForAQueryWithEmbedsAndSelectRoundTrips() {
        String body = """
            {"select": ["title"], "embed": {"author": {"select": ["name"]}}, "limit": 2}""";
        assertEquals(
                Optional.of(List.of(5L)),
                fetch(withCursor(body, cursorAfterFive(body))).page().after());
    }

    @Test
    void aNullCursorIsNoCursor() {
        assertEquals(new Page(2, 0), fetch("""
            {"limit": 2, "cursor": null}""").page());
    }

    @Test
    void aCursorOfAQueryFilteringOnABlobStillBelongsToThatQuery() {
        // The same where with the same bytes is the same query, however often it is parsed.
        String body = """
            {"where": {"cover": "AAEC"}, "limit": 2}""";
        assertEquals(
                Optional.of(List.of(5L)),
                fetch(withCursor(body, cursorAfterFive(body))).page().after());
    }

    // ---- refused cursors

    @Test
    void aChangedCursorIs400() {
        String cursor = cursorAfterFive("""
            {"limit": 5}""");
        int dot = cursor.indexOf('.');
        for (int at : new int[] {0, 5, dot - 2, dot + 1, dot + 5}) {
            char other = cursor.charAt(at) == 'A' ? 'B' : 'A';
            String changed = cursor.substring(0, at) + other + cursor.substring(at + 1);
            assertNotEquals(cursor, changed);
            refused(
                    withCursor("""
                {"limit": 5}""", changed),
                    "invalid_cursor",
                    "invalid cursor: it was changed or is not a cursor of this server");
        }
    }

    @Test
    void aCursorWhosePositionWasRewrittenIs400() {
        String cursor = cursorAfterFive("""
            {"limit": 5}""");
        String payload = new String(
                Base64.getUrlDecoder().decode(cursor.substring(0, cursor.indexOf('.'))), StandardCharsets.UTF_8);
        String rewritten = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.replace("[5]", "[500]").getBytes(StandardCharsets.UTF_8));
        assertNotEquals(payload, payload.replace("[5]", "[500]"));
        refused(
                withCursor("""
            {"limit": 5}""", rewritten + cursor.substring(cursor.indexOf('.'))),
                "invalid_cursor",
                "invalid cursor: it was changed or is not a cursor of this server");
    }

    @Test
    void aCursorSignedWithAnotherSecretIs400() {
        Cursors other = new Cursors("another server's secret".getBytes(StandardCharsets.UTF_8));
        String cursor = other.encode(fetch("""
            {"limit": 5}"""), List.of(5L));
        refused(
                withCursor("""
            {"limit": 5}""", cursor),
                "invalid_cursor",
                "invalid cursor: it was changed or is not a cursor of this server");
    }

    @Test
    void somethingThatIsNoCursorIs400() {
        refused("""
            {"cursor": "nonsense"}""", "invalid_cursor", "invalid cursor: it was changed or is not a cursor of this server");
        refused("""
            {"cursor": "non$ense.x!"}""", "invalid_cursor", "invalid cursor: it is not a cursor of this server");
        refused("""
            {"cursor": "abc.d"}""", "invalid_cursor", "invalid cursor: it is not a cursor of this server");
        refused("""
            {"cursor": ""}""", "invalid_cursor", "invalid cursor: it was changed or is not a cursor of this server");
    }

    @Test
    void aCursorOfAnotherQueryIs400() {
        String cursor = cursors.encode(fetch("""
            {"limit": 5}"""), List.of(5L));
        String anotherQuery =
                "invalid cursor: it belongs to another query; send the same where, orderby and select with it";
        refused(withCursor("""
            {"limit": 5, "where": {"year": 1965}}""", cursor), "invalid_cursor", anotherQuery);
        refused(withCursor("""
            {"limit": 5, "select": ["id"]}""", cursor), "invalid_cursor", anotherQuery);
        refused(withCursor("""
            {"limit": 5, "embed": ["author"]}""", cursor), "invalid_cursor", anotherQuery);
        refused(withCursor("""
            {"limit": 5, "orderby": "id desc"}""", cursor), "invalid_cursor", anotherQuery);
        String yearCursor = cursors.encode(fetch("""
            {"orderby": "year", "limit": 5}"""), List.of(1965L, 5L));
        refused(withCursor("""
            {"orderby": "year desc", "limit": 5}""", yearCursor), "invalid_cursor", anotherQuery);
    }

    @Test
    void aSignedPositionIsTakenAsTheDatabaseGaveIt() {
        // SQLite may hold text in an INTEGER column; the signature vouches for it, and it is only ever bound.
        Fetch byYear = fetch("""
            {"orderby": "year", "limit": 5}""");
        Fetch next = fetch(withCursor("""
            {"orderby": "year", "limit": 5}""", cursors.encode(byYear, List.of("1965", 5L))));
        assertEquals(List.of("1965", 5L), next.page().after().orElseThrow());
    }

    @Test
    void aCursorMustBeAString() {
        refused("""
            {"cursor": 5}""", "invalid_cursor", "'cursor' must be the string a previous page gave as \"next\"");
        refused("""
            {"cursor": ["a"]}""", "invalid_cursor", "'cursor' must be the string a previous page gave as \"next\"");
    }

    @Test
    void aCursorWithAnOffsetIs400() {
        String cursor = cursorAfterFive("""
            {"limit": 5}""");
        refused(withCursor("""
            {"limit": 5, "offset": 5}""", cursor), "invalid_cursor", "send either 'cursor' or 'offset', not both");
        assertEquals(
                new Page(5, 0, Optional.of(List.of(5L))),
                fetch(withCursor("""
            {"limit": 5, "offset": 0}""", cursor)).page());
    }

    @Test
    void aCursorCannotPageGroupsOrDistinctRows() {
        String cannot = "'cursor' pages plain rows; it cannot page groups or distinct rows";
        String grouped = """
            {"select": ["year", {"count": "*"}], "groupby": ["year"]}""";
        refused(withCursor(grouped, cursors.encode(fetch(grouped), List.of(1965L))), "invalid_cursor", cannot);
        String aggregate = """
            {"select": [{"count": "*"}]}""";
        refused(withCursor(aggregate, cursors.encode(fetch(aggregate), List.of())), "invalid_cursor", cannot);
        String distinct = """
            {"select": ["year"], "distinct": true}""";
        refused(withCursor(distinct, cursors.encode(fetch(distinct), List.of(1965L))), "invalid_cursor", cannot);
    }

    @Test
    void aCursorOnATableWithoutAKeyIs400() {
        Table titles = new Table(
                "book_titles",
                true,
                List.of(column("id", "INTEGER", false), column("title", "TEXT", false)),
                List.of(),
                List.of(),
                List.of());
        RequestParser views = new RequestParser(new Schema(List.of(BOOK, AUTHOR, titles)), MAX, false, cursors);
        BadRequestException e = assertThrows(
                BadRequestException.class, () -> views.parse(Call.of("QUERY", "book_titles", Optional.empty(), """
                    {"orderby": "title", "cursor": "abc.def"}""")));
        assertEquals("invalid_cursor", e.code());
        assertEquals("'book_titles' has no primary key to page by; page it with offset", e.getMessage());
    }

    @Test
    void aCursorIsUrlSafeTextWithOneDot() {
        String cursor = cursors.encode(fetch("""
            {"orderby": "title", "limit": 5}"""), Arrays.asList("Dune/Emma+?", 5L));
        assertTrue(cursor.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), cursor);
    }

    @Test
    void theFingerprintIgnoresThePageAndExtrasButNotTheQuery() {
        String plain = Cursors.fingerprint(fetch("{}"));
        assertEquals(plain, Cursors.fingerprint(fetch("""
            {"limit": 3, "offset": 6, "etag": true, "count": true}""")));
        assertNotEquals(plain, Cursors.fingerprint(fetch("""
            {"where": {"id": 1}}""")));
        assertEquals(16, plain.length());
    }
}
