package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.RawHttp;
import tiddly.testing.RawHttp.Answer;
import tiddly.testing.TiddlyServer;

/**
 * The attack suite: a list of hostile strings, sent into every place where a name or a value
 * enters Tiddly: path segments, query parameters, every key of a read body, write bodies, batch
 * operations, headers and /_login. Each must be refused with a 4xx JSON envelope, never a 5xx
 * and never a 2xx, except at the few places where the string is legitimately data (noted at
 * each such place, and checked to be stored verbatim or to match nothing). Afterwards the server
 * still answers, and a checksum of the whole database, schema included, is what it was before.
 *
 * <p>Requests go over a raw socket ({@link RawHttp}), so every byte is sent as the test says:
 * path segments and query strings are percent-encoded byte by byte, header values go out as
 * their UTF-8 bytes, and JSON strings carry NUL as a JSON escape. A second, shorter list holds percent
 * escapes as they go on the wire (bytes that are not UTF-8, overlong forms, escaped separators),
 * for the places of a URL, and as raw bytes in bodies.
 *
 * <p>The suite prints one line at the end: how many hostile inputs were tried, how many were
 * refused, how many got through (a 5xx or an unwarranted 2xx), and whether the database changed.
 */
class AttackSuiteTest {
    private static final String KEY = "attack-key-0123456789abcdef";
    private static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "an-hs256-secret-of-at-least-32-bytes!",
                "users": {"table": "user", "identity": "email"},
                "api_keys": {"attack-key-0123456789abcdef": "admin"},
                "login_attempts_per_minute": 1000000
              },
              "rules": {"admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}}}
            }""";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    /** Where a working ATTACH would create a file. */
    private static final Path PWNED = Path.of(System.getProperty("java.io.tmpdir"), "tiddly-attack-pwned.db");
    /** An unsigned token (alg none) that claims to be user 1 in role admin, with an SQL-ish sub. */
    private static final String UNSIGNED_TOKEN = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
            + base64Url("{\"sub\":\"1 OR 1=1\",\"role\":\"admin\",\"exp\":9999999999}") + ".";

    /** The hostile strings. None is a valid name or value of the sample schema by accident. */
    private static final List<String> HOSTILE = List.of(
            // quotes
            "'",
            "\"",
            "''",
            "\\'",
            "' OR '1'='1",
            "\" OR \"1\"=\"1",
            "1' OR 1=1 --",
            "id\" --",
            "'||(SELECT password FROM user LIMIT 1)||'",
            // comments
            "id -- comment",
            "id /* comment */",
            "/* */ id",
            "id#",
            // semicolons and stacked statements
            "id; DROP TABLE book",
            "1; DELETE FROM book; --",
            "'; DROP TABLE user; --",
            "x'; ATTACH DATABASE '" + PWNED + "' AS pwned; --",
            "id; PRAGMA writable_schema = 1",
            "1; UPDATE user SET password = NULL",
            // UNION, subqueries and expressions where a name belongs
            "1 UNION SELECT password FROM user",
            "id UNION SELECT name, sql FROM sqlite_master",
            "id desc, (select password from user)",
            "(SELECT 1)",
            "CASE WHEN 1 THEN id END",
            "random()",
            "title COLLATE NOCASE",
            "year desc nulls first; --",
            "id)",
            "(id",
            "1 OR 1=1",
            // other quoting styles, literals and encodings
            "`id`",
            "[id]",
            "\"id\"",
            "X'41'",
            "0x41",
            "char(39)",
            "%27%20OR%201=1",
            // unicode look-alikes and invisible characters
            "ｉｄ",
            "іd",
            "tіtle",
            "ｂｏｏｋ",
            "i\u200Dd",
            "id\u200B",
            "\u202Eid",
            "\uD83D\uDE00",
            // NUL bytes and control characters
            "\u0000",
            "id\u0000",
            "book\u0000; DROP TABLE book",
            "\u0000' OR '1'='1",
            "id\r\nX-Injected: 1",
            "\u0007\u001B[31m",
            // very long names
            "a".repeat(10 * 1024),
            "'".repeat(10 * 1024),
            "id; DROP TABLE book; ".repeat(500),
            // operators, logical words, internal and hidden names used as column names
            "and",
            "or",
            "not",
            "has",
            "$gt",
            "eq",
            "$where",
            "*",
            "rowid",
            "oid",
            "_rowid_",
            "sqlite_master",
            "sqlite_schema",
            "ID",
            "BOOK",
            "password",
            "_h1",
            // other languages inside a string
            "{\"$ne\": null}",
            "{{7*7}}",
            "${jndi:ldap://127.0.0.1/x}",
            "../../etc/passwd",
            "$auth.sub",
            // numbers that fit no column
            "1e999999999",
            "-9223372036854775809",
            "NaN",
            UNSIGNED_TOKEN);

    /**
     * Percent escapes as they go on the wire: bytes that are not UTF-8 (a lone continuation byte,
     * overlong forms of '.' and '/', a surrogate, a cut sequence), escaped separators and NUL, and
     * escapes that are not escapes at all.
     */
    private static final List<String> URL_ESCAPES = List.of(
            "%FF",
            "%80",
            "%C0%AE",
            "%C0%AF",
            "%E0%80%AE",
            "%ED%A0%80",
            "%F8%88%80%80%80",
            "%C3",
            "book%FF",
            "1%FF",
            "%2F",
            "%2E%2E",
            "%00",
            "%2500",
            "%",
            "%zz",
            "%u0027");

    private static final Set<String> OPERATORS =
            Set.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "like", "ilike", "is");
    /** What an aggregate's "as" accepts: such a name is a legitimate output name, whatever it spells. */
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfigText(CONFIG);

    private RawHttp http;
    private int tried;
    private int refused;
    private int dataTried;
    private int dataInert;

    /**
     * A place where a hostile string enters: to which strings it applies, how to send one there,
     * for which strings it is legitimately data there, and for those, how to check that a 2xx
     * answer is inert. Any other string must be refused with a 4xx.
     */
    private record Place(
            String name,
            Predicate<String> applies,
            Function<String, Answer> send,
            Predicate<String> data,
            BiPredicate<String, Answer> inert) {}

    private static Place refused(String name, Function<String, Answer> send) {
        return refused(name, input -> true, send);
    }

    private static Place refused(String name, Predicate<String> applies, Function<String, Answer> send) {
        return new Place(name, applies, send, input -> false, (input, answer) -> false);
    }

    private static Place data(String name, Function<String, Answer> send, BiPredicate<String, Answer> inert) {
        return new Place(name, input -> true, send, input -> true, inert);
    }

    private List<Place> places() {
        Predicate<String> notAnOperator = input -> !OPERATORS.contains(input);
        Predicate<String> notTheWildcard = input -> !input.equals("*"); // If-Match: * is the documented "any version"
        String grouped = "{\"select\": [\"genre\", {\"count\": \"*\", \"as\": \"n\"}], \"groupby\": \"genre\"";
        String first = "{\"method\": \"GET\", \"table\": \"book\", \"key\": 1}";
        return List.of(
                // path segments
                refused("table in GET /t", h -> get("/" + enc(h))),
                refused("table in FETCH /t", h -> send("FETCH", "/" + enc(h), "{}")),
                refused("table in POST /t/_query", h -> send("POST", "/" + enc(h) + "/_query", "{}")),
                refused("table in POST /t", h -> send("POST", "/" + enc(h), "{\"name\": \"x\"}")),
                refused("table in DELETE /t", h -> send("DELETE", "/" + enc(h), "{\"all\": true}")),
                refused("integer key in GET /book/k", h -> get("/book/" + enc(h))),
                refused("integer key in PUT /book/k", h -> send("PUT", "/book/" + enc(h), "{\"title\": \"Book 1\"}")),
                refused("integer key in DELETE /book/k", h -> send("DELETE", "/book/" + enc(h), null)),
                refused("text key in GET /genre/k", h -> get("/genre/" + enc(h))), // a 404: no genre has that code
                refused("text key in DELETE /genre/k", h -> send("DELETE", "/genre/" + enc(h), null)),

                // GET /t query parameters
                refused("query parameter name", h -> get("/book?" + enc(h) + "=1")),
                refused("operator in ?col[op]=", notAnOperator, h -> get("/book?year%5B" + enc(h) + "%5D=1")),
                refused("integer value of ?year=", h -> get("/book?year=" + enc(h))),
                refused("integer value of ?id[in]=", h -> get("/book?id%5Bin%5D=1," + enc(h))),
                refused("?select=", h -> get("/book?select=" + enc(h))),
                refused("?orderby=", h -> get("/book?orderby=" + enc(h))),
                refused("?groupby=", h -> get("/book?groupby=" + enc(h))),
                refused("?embed=", h -> get("/book?embed=" + enc(h))),
                refused("?where=", h -> get("/book?where=" + enc(h))),
                refused("?having=", h -> get("/book?groupby=genre&having=" + enc(h))),
                refused("?cursor=", h -> get("/book?cursor=" + enc(h))),
                refused("?limit=", h -> get("/book?limit=" + enc(h))),
                // data: a text column may hold any string, so the filter is legitimate and matches no book
                data("text value of ?title=", h -> get("/book?title=" + enc(h)), this::matchesNothing),

                // FETCH bodies: where
                refused("where key", h -> fetch("/book", "{\"where\": {" + s(h) + ": 1}}")),
                refused("where key in and", h -> fetch("/book", "{\"where\": {\"and\": [{" + s(h) + ": 1}]}}")),
                refused(
                        "where operator",
                        notAnOperator,
                        h -> fetch("/book", "{\"where\": {\"year\": {" + s(h) + ": 1}}}")),
                refused("integer value in where", h -> fetch("/book", "{\"where\": {\"year\": " + s(h) + "}}")),
                refused(
                        "integer value in where gt",
                        h -> fetch("/book", "{\"where\": {\"id\": {\"gt\": " + s(h) + "}}}")),
                refused(
                        "integer value in where in",
                        h -> fetch("/book", "{\"where\": {\"id\": {\"in\": [1, " + s(h) + "]}}}")),
                refused("relation in has", h -> fetch("/author", "{\"where\": {" + s(h) + ": {\"has\": {}}}}")),
                refused(
                        "where key inside has",
                        h -> fetch("/author", "{\"where\": {\"book\": {\"has\": {" + s(h) + ": 1}}}}")),
                // data: the same text-column case in a body
                data(
                        "text value in where",
                        h -> fetch("/book", "{\"where\": {\"title\": " + s(h) + "}}"),
                        this::matchesNothing),

                // FETCH bodies: orderby, select, aggregates, groupby, having
                refused("orderby string", h -> fetch("/book", "{\"orderby\": " + s(h) + "}")),
                refused("orderby array", h -> fetch("/book", "{\"orderby\": [\"id\", " + s(h) + "]}")),
                refused("orderby after a column", h -> fetch("/book", "{\"orderby\": " + s("year " + h) + "}")),
                refused("select item", h -> fetch("/book", "{\"select\": [" + s(h) + "]}")),
                refused("select string", h -> fetch("/book", "{\"select\": " + s("id," + h) + "}")),
                refused("aggregate column", h -> fetch("/book", "{\"select\": [{\"max\": " + s(h) + "}]}")),
                refused("aggregate function", h -> fetch("/book", "{\"select\": [{" + s(h) + ": \"year\"}]}")),
                // data, for names an alias may be: "as" only names the output, so {"count": "*", "as": "rowid"} is a
                // legitimate query whose one row is {"rowid": 60}; anything else must be refused
                new Place(
                        "aggregate alias",
                        input -> true,
                        h -> fetch("/book", "{\"select\": [{\"count\": \"*\", \"as\": " + s(h) + "}]}"),
                        h -> ALIAS.matcher(h).matches(),
                        (h, answer) -> isOnlyRow(answer, h, 60)),
                refused(
                        "groupby item",
                        h -> fetch("/book", "{\"select\": [{\"count\": \"*\"}], \"groupby\": [" + s(h) + "]}")),
                refused("groupby string", h -> fetch("/book", "{\"groupby\": " + s("genre," + h) + "}")),
                refused("having key", h -> fetch("/book", grouped + ", \"having\": {" + s(h) + ": 1}}")),
                refused("having value", h -> fetch("/book", grouped + ", \"having\": {\"n\": " + s(h) + "}}")),
                refused("orderby of groups", h -> fetch("/book", grouped + ", \"orderby\": " + s(h) + "}")),

                // FETCH bodies: embed, cursor, limit, the body's keys
                refused("embed name", h -> fetch("/book", "{\"embed\": [" + s(h) + "]}")),
                refused("embed names string", h -> fetch("/book", "{\"embed\": " + s("author," + h) + "}")),
                refused("embed body", h -> fetch("/book", "{\"embed\": {\"author\": " + s(h) + "}}")),
                refused("embed body key", h -> fetch("/book", "{\"embed\": {\"author\": {" + s(h) + ": 1}}}")),
                refused("embed select", h -> fetch("/book", "{\"embed\": {\"author\": {\"select\": [" + s(h) + "]}}}")),
                refused(
                        "embed where key",
                        h -> fetch("/book", "{\"embed\": {\"author\": {\"where\": {" + s(h) + ": 1}}}}")),
                refused("embed orderby", h -> fetch("/author", "{\"embed\": {\"book\": {\"orderby\": " + s(h) + "}}}")),
                refused("cursor", h -> fetch("/book", "{\"limit\": 1, \"cursor\": " + s(h) + "}")),
                refused("limit", h -> fetch("/book", "{\"limit\": " + s(h) + "}")),
                refused("FETCH body key", h -> fetch("/book", "{" + s(h) + ": 1}")),
                refused("QUERY where key", h -> send("QUERY", "/book", "{\"where\": {" + s(h) + ": 1}}")),
                refused("POST /t/_query orderby", h -> send("POST", "/book/_query", "{\"orderby\": " + s(h) + "}")),

                // writes
                refused("column name in POST", h -> send("POST", "/author", "{\"name\": \"x\", " + s(h) + ": 1}")),
                refused(
                        "integer value in POST",
                        h -> send("POST", "/author", "{\"name\": \"x\", \"born\": " + s(h) + "}")),
                refused("column name in PUT /t/k", h -> send("PUT", "/author/1", "{" + s(h) + ": 1}")),
                refused("integer value in PUT /t/k", h -> send("PUT", "/author/1", "{\"born\": " + s(h) + "}")),
                refused("column name in PUT /t", h -> send("PUT", "/author", "{\"id\": 1, " + s(h) + ": 1}")),
                refused(
                        "where key in bulk PUT",
                        h -> send("PUT", "/author", "{\"where\": {" + s(h) + ": 1}, \"set\": {\"born\": 1}}")),
                refused(
                        "set column in bulk PUT",
                        h -> send("PUT", "/author", "{\"where\": {\"id\": 1}, \"set\": {" + s(h) + ": 1}}")),
                refused("where key in DELETE /t", h -> send("DELETE", "/book", "{\"where\": {" + s(h) + ": 1}}")),
                refused(
                        "integer value in DELETE /t",
                        h -> send("DELETE", "/book", "{\"where\": {\"id\": " + s(h) + "}}")),
                refused("DELETE body key", h -> send("DELETE", "/book", "{" + s(h) + ": true}")),
                refused(
                        "on_conflict_columns",
                        h -> send(
                                "POST",
                                "/user?on_conflict=update&on_conflict_columns=" + enc(h),
                                "{\"name\": \"Mallory\", \"email\": \"alice@example.com\"}")),
                refused(
                        "on_conflict",
                        h -> send("POST", "/genre?on_conflict=" + enc(h), "{\"code\": \"sf\", \"name\": \"Pwned\"}")),
                // data: a text column stores any string; it must come back verbatim, match itself only, and go again
                data(
                        "text value stored by POST",
                        h -> send("POST", "/author", "{\"name\": " + s(h) + "}"),
                        this::roundTrips),

                // batches
                refused("batch method", h -> batch("[{\"method\": " + s(h) + ", \"table\": \"book\", \"key\": 1}]")),
                refused("batch table", h -> batch("[{\"method\": \"GET\", \"table\": " + s(h) + "}]")),
                refused(
                        "batch table of DELETE",
                        h -> batch("[{\"method\": \"DELETE\", \"table\": " + s(h) + ", \"body\": {\"all\": true}}]")),
                refused(
                        "batch key of GET",
                        h -> batch("[{\"method\": \"GET\", \"table\": \"book\", \"key\": " + s(h) + "}]")),
                refused(
                        "batch key of DELETE",
                        h -> batch("[{\"method\": \"DELETE\", \"table\": \"book\", \"key\": " + s(h) + "}]")),
                refused(
                        "batch $ref",
                        h -> batch("[" + first + ", {\"method\": \"PUT\", \"table\": \"author\", \"key\": 1,"
                                + " \"body\": {\"born\": {\"$ref\": " + s(h) + "}}}]")),
                refused(
                        "batch $ref column",
                        h -> batch("[" + first + ", {\"method\": \"PUT\", \"table\": \"author\", \"key\": 1,"
                                + " \"body\": {\"born\": {\"$ref\": " + s("0." + h) + "}}}]")),
                refused(
                        "batch params name",
                        h -> batch("[{\"method\": \"GET\", \"table\": \"book\", \"params\": {" + s(h) + ": \"1\"}}]")),
                refused(
                        "batch body",
                        h -> batch("[{\"method\": \"FETCH\", \"table\": \"book\", \"body\": {\"orderby\": " + s(h)
                                + "}}]")),
                refused(
                        "batch operation key",
                        h -> batch("[{\"method\": \"GET\", \"table\": \"book\", " + s(h) + ": 1}]")),
                refused(
                        "batch if_match",
                        notTheWildcard,
                        h -> batch("[{\"method\": \"PUT\", \"table\": \"book\", \"key\": 1,"
                                + " \"body\": {\"title\": \"Book 1\"}, \"if_match\": " + s(h) + "}]")),

                // headers
                refused(
                        "If-Match of PUT /book/1",
                        notTheWildcard,
                        h -> http.send(
                                "PUT", "/book/1", headers("X-API-Key", KEY, "If-Match", h), "{\"title\": \"Book 1\"}")),
                refused(
                        "If-Match of DELETE /book/60",
                        notTheWildcard,
                        h -> http.send("DELETE", "/book/60", headers("X-API-Key", KEY, "If-Match", h), null)),
                refused("X-API-Key", h -> http.send("GET", "/book/1", headers("X-API-Key", h), null)),
                refused(
                        "Authorization: Bearer",
                        h -> http.send("GET", "/book/1", headers("Authorization", "Bearer " + h), null)),
                refused(
                        "Authorization: Basic",
                        h -> http.send(
                                "GET", "/book/1", headers("Authorization", "Basic " + base64(h + ":" + h)), null)),
                refused("Authorization scheme", h -> http.send("GET", "/book/1", headers("Authorization", h), null)),

                // /_login
                refused(
                        "/_login email and password",
                        h -> http.send(
                                "POST", "/_login", headers(), "{\"email\": " + s(h) + ", \"password\": " + s(h) + "}")),
                refused(
                        "/_login password of alice",
                        h -> http.send(
                                "POST",
                                "/_login",
                                headers(),
                                "{\"email\": \"alice@example.com\", \"password\": " + s(h) + "}")),
                refused(
                        "/_login body key",
                        h -> http.send(
                                "POST",
                                "/_login",
                                headers(),
                                "{" + s(h) + ": \"alice@example.com\", \"password\": \"alice-secret\"}")));
    }

    /** The URL escapes, into every place of a URL, and, where they spell bytes that are not UTF-8, into bodies. */
    private List<Place> escapePlaces() {
        Predicate<String> notUtf8 = escape -> !isUtf8(bytes(escape));
        return List.of(
                refused("table in GET /t", e -> get("/" + e)),
                refused("table in FETCH /t", e -> send("FETCH", "/" + e, "{}")),
                refused("table in POST /t/_query", e -> send("POST", "/" + e + "/_query", "{}")),
                refused("table in DELETE /t", e -> send("DELETE", "/" + e, "{\"all\": true}")),
                refused("integer key in GET /book/k", e -> get("/book/" + e)),
                refused("integer key in PUT /book/k", e -> send("PUT", "/book/" + e, "{\"title\": \"Book 1\"}")),
                refused("integer key in DELETE /book/k", e -> send("DELETE", "/book/" + e, null)),
                refused("text key in GET /genre/k", e -> get("/genre/" + e)),
                refused("text key in DELETE /genre/k", e -> send("DELETE", "/genre/" + e, null)),
                refused("query parameter name", e -> get("/book?" + e + "=1")),
                refused("integer value of ?year=", e -> get("/book?year=" + e)),
                refused("?select=", e -> get("/book?select=" + e)),
                refused("?orderby=", e -> get("/book?orderby=" + e)),
                refused("?cursor=", e -> get("/book?cursor=" + e)),
                refused(
                        "on_conflict_columns",
                        e -> send(
                                "POST",
                                "/user?on_conflict=update&on_conflict_columns=" + e,
                                "{\"name\": \"Mallory\", \"email\": \"alice@example.com\"}")),
                // data: a query string is decoded leniently (bytes that are not UTF-8 become U+FFFD), and a text
                // column may hold any string, so this filter is legitimate and matches no book
                data("text value of ?title=", e -> get("/book?title=" + e), this::matchesNothing),
                // bodies must be UTF-8: these bytes, raw inside a JSON string, are a 400 invalid_encoding
                refused(
                        "raw bytes in a FETCH body string",
                        notUtf8,
                        e -> sendBytes("FETCH", "/book", concat("{\"where\": {\"title\": \"", e, "\"}}"))),
                refused(
                        "raw bytes as a FETCH where key",
                        notUtf8,
                        e -> sendBytes("FETCH", "/book", concat("{\"where\": {\"", e, "\": 1}}"))),
                refused(
                        "raw bytes in a POST body",
                        notUtf8,
                        e -> sendBytes("POST", "/author", concat("{\"name\": \"", e, "\"}"))),
                refused(
                        "raw bytes in a batch body",
                        notUtf8,
                        e -> sendBytes(
                                "POST",
                                "/_batch",
                                concat(
                                        "[{\"method\": \"DELETE\", \"table\": \"",
                                        e,
                                        "\", \"body\": {\"all\": true}}]"))),
                refused(
                        "raw bytes in a /_login body",
                        notUtf8,
                        e -> http.sendBytes(
                                "POST",
                                "/_login",
                                headers(),
                                concat("{\"email\": \"alice@example.com\", \"password\": \"", e, "\"}"))));
    }

    /** A list of inputs and the places they are sent to. */
    private record Attack(List<String> inputs, List<Place> places) {}

    @TestFactory
    Stream<DynamicTest> everyHostileInputIsRefusedEverywhere() throws Exception {
        http = new RawHttp(server.port(), 30_000);
        Files.deleteIfExists(PWNED);
        String before = checksum();
        List<DynamicTest> tests = new ArrayList<>();
        for (Attack group : List.of(new Attack(HOSTILE, places()), new Attack(URL_ESCAPES, escapePlaces()))) {
            for (Place place : group.places()) {
                for (String input : group.inputs()) {
                    if (place.applies().test(input)) {
                        tests.add(dynamicTest(place.name() + " ← " + shown(input, 48), () -> attack(place, input)));
                    }
                }
            }
        }
        tests.add(dynamicTest("afterwards: the server answers GET /book/1 and the database is unchanged", () -> {
            Answer book = get("/book/1");
            assertEquals(200, book.status(), book.text());
            assertEquals(
                    "Book 1", json(book).getAsJsonObject("data").get("title").getAsString());
            String after = checksum();
            assertEquals("ok", scalar("PRAGMA integrity_check"));
            assertFalse(Files.exists(PWNED), "an ATTACH created " + PWNED);
            System.out.println("attack suite: " + tried + " hostile inputs, " + refused + " refused with 4xx, "
                    + (tried - refused) + " got through, database " + (after.equals(before) ? "unchanged" : "CHANGED")
                    + "; and " + dataTried + " hostile strings sent where they are legitimately data, " + dataInert
                    + " of them refused or proven inert (stored and read back verbatim, or matching nothing)");
            assertEquals(before, after, "the database changed");
        }));
        return tests.stream();
    }

    /** One input at one place: a 4xx envelope, or, at a data place, a 2xx proven inert. */
    private void attack(Place place, String input) {
        boolean data = place.data().test(input);
        if (data) {
            dataTried++;
        } else {
            tried++;
        }
        Answer answer = place.send().apply(input);
        String what =
                place.name() + " with " + shown(input, 120) + " → " + answer.status() + " " + shown(answer.text(), 300);
        assertTrue(answer.status() < 500, "a server error: " + what);
        if (answer.status() >= 400) {
            assertEnvelope(answer, what);
            if (data) {
                dataInert++;
            } else {
                refused++;
            }
            return;
        }
        if (data && place.inert().test(input, answer)) {
            dataInert++;
            return;
        }
        fail("got through: " + what);
    }

    private static void assertEnvelope(Answer answer, String what) {
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/json"), "not JSON: " + what);
        JsonObject envelope = JsonParser.parseString(answer.text()).getAsJsonObject();
        assertEquals("error", envelope.get("status").getAsString(), what);
        assertTrue(envelope.get("code").getAsString().matches("[a-z_0-9]+"), what);
        assertTrue(envelope.has("error"), what);
    }

    /** A legitimate filter on a text column: 200 and no row, since no row holds the hostile string. */
    private boolean matchesNothing(String input, Answer answer) {
        assertEquals(200, answer.status(), answer.text());
        assertEquals(
                0, json(answer).getAsJsonArray("data").size(), "a hostile filter value matched rows: " + answer.text());
        return true;
    }

    private static boolean isOnlyRow(Answer answer, String name, int value) {
        JsonArray rows = json(answer).getAsJsonArray("data");
        return rows.size() == 1
                && rows.get(0).getAsJsonObject().size() == 1
                && rows.get(0).getAsJsonObject().get(name).getAsInt() == value;
    }

    /**
     * A hostile string stored as an author's name: the answer holds it verbatim, so do GET /t/k and
     * the database itself; a filter for it finds that row only; then the row is deleted again, so
     * the database ends as it began.
     */
    private boolean roundTrips(String input, Answer created) {
        assertEquals(201, created.status(), created.text());
        JsonObject row = json(created).getAsJsonObject("data");
        assertEquals(input, row.get("name").getAsString(), "the answer to the insert");
        long id = row.get("id").getAsLong();
        assertEquals(
                input,
                json(get("/author/" + id)).getAsJsonObject("data").get("name").getAsString(),
                "GET /author/k");
        assertEquals(input, scalar("SELECT name FROM author WHERE id = " + id), "the database");
        JsonArray found = json(fetch("/author", "{\"where\": {\"name\": " + s(input) + "}}"))
                .getAsJsonArray("data");
        assertEquals(1, found.size(), "a filter for the stored string");
        assertEquals(id, found.get(0).getAsJsonObject().get("id").getAsLong());
        Answer byParameter = get("/author?name=" + enc(input));
        if (byParameter.status() == 200) {
            assertEquals(1, json(byParameter).getAsJsonArray("data").size(), "?name= for the stored string");
        } else {
            assertEnvelope(
                    byParameter, "?name= for the stored string: " + byParameter.status()); // 414: too long for a URL
        }
        assertEquals(200, send("DELETE", "/author/" + id, null).status());
        assertEquals(0L, ((Number) scalar("SELECT count(*) FROM author WHERE id = " + id)).longValue());
        return true;
    }

    /**
     * A long name must cost little to refuse: the body limit (1 MiB) allows orderby terms far longer
     * than this one, so work that grows faster than the term would let one request hold a thread.
     */
    @Test
    void aLongRunOfSpacesInOrderbyIsRefusedQuickly() {
        http = new RawHttp(server.port(), 5_000);
        long started = System.nanoTime();
        Answer answer;
        try {
            answer = fetch("/book", "{\"orderby\": " + s("id" + " ".repeat(32 * 1024) + "x") + "}");
        } catch (java.io.UncheckedIOException e) {
            throw new AssertionError("no answer within 5 s to an orderby of \"id\", 32 KiB of spaces and \"x\"", e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(400, answer.status(), answer.text());
        assertTrue(millis < 2_000, "an orderby of 32 KiB took " + millis + " ms to refuse");
    }

    // requests

    private Answer get(String target) {
        return http.send("GET", target, headers("X-API-Key", KEY), null);
    }

    private Answer fetch(String table, String body) {
        return send("FETCH", table, body);
    }

    private Answer send(String method, String target, String body) {
        return http.send(method, target, headers("X-API-Key", KEY, "Content-Type", "application/json"), body);
    }

    private Answer sendBytes(String method, String target, byte[] body) {
        return http.sendBytes(method, target, headers("X-API-Key", KEY, "Content-Type", "application/json"), body);
    }

    /** The escape's bytes, between two pieces of text. */
    private static byte[] concat(String before, String escape, String after) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes(escape));
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** "%C0%AE" → the bytes C0 AE; what is not a two-digit escape stays as its text. */
    private static byte[] bytes(String escape) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < escape.length(); i++) {
            if (escape.charAt(i) == '%'
                    && i + 2 < escape.length()
                    && escape.substring(i + 1, i + 3).matches("[0-9A-Fa-f]{2}")) {
                out.write(Integer.parseInt(escape.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(escape.charAt(i));
            }
        }
        return out.toByteArray();
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private Answer batch(String body) {
        return send("POST", "/_batch", body);
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /** The input as a JSON string literal. */
    private static String s(String input) {
        return GSON.toJson(input);
    }

    private static String enc(String input) {
        return RawHttp.encode(input);
    }

    private static JsonObject json(Answer answer) {
        JsonElement json = JsonParser.parseString(answer.text());
        return json.getAsJsonObject();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** For test names and messages: control and invisible characters escaped, long inputs cut. */
    private static String shown(String input, int max) {
        StringBuilder shown = new StringBuilder();
        input.codePoints().limit(max).forEach(c -> {
            if (c < 0x20 || c == 0x7F || Character.getType(c) == Character.FORMAT) {
                shown.append(String.format("\\u%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return input.codePointCount(0, input.length()) > max
                ? shown + "…(" + input.length() + " chars)"
                : shown.toString();
    }

    // the database, read straight from the file

    /** SHA-256 over the schema and every row of every table, in rowid order, with each value's type. */
    private String checksum() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + server.db())) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = connection
                    .createStatement()
                    .executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")) {
                while (rows.next()) {
                    for (int i = 1; i <= 4; i++) {
                        sha.update(String.valueOf(rows.getString(i)).getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 1);
                    }
                    if (rows.getString(1).equals("table") && !rows.getString(2).startsWith("_tiddly_")) {
                        // the outbox records the legitimate writes; it is checked by the realtime tests
                        tables.add(rows.getString(2));
                    }
                }
            }
            for (String table : tables) {
                sha.update(table.getBytes(StandardCharsets.UTF_8));
                try (ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\" ORDER BY rowid")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rows.getObject(i);
                            String text = value == null
                                    ? "NULL"
                                    : value instanceof byte[] bytes
                                            ? "blob:" + HexFormat.of().formatHex(bytes)
                                            : value.getClass().getSimpleName() + ":" + value;
                            sha.update(text.getBytes(StandardCharsets.UTF_8));
                            sha.update((byte) 1);
                        }
                        sha.update((byte) 2);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private Object scalar(String sql) {
        return server.scalar(sql);
    }
}
