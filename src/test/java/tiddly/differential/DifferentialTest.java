package tiddly.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tiddly.Settings;
import tiddly.Tiddly;
import tiddly.testing.TestDatabase;

/**
 * The same generated data on SQLite, PostgreSQL and MariaDB, the same generated requests to three
 * Tiddly servers: the answers must be equal (numbers by value), and the rows a where selects must
 * be those {@link Oracle} selects in Java. A fixed seed; {@code -Dtiddly.generated.cases=N} for
 * more cases, {@code -Dtiddly.generated.seed=S} for another seed.
 */
@TestMethodOrder(MethodOrderer.MethodName.class) // the cursor walks change the rows: they come last
class DifferentialTest {
    private static final long SEED = Long.getLong("tiddly.generated.seed", 21L);
    private static final int CASES = Integer.getInteger("tiddly.generated.cases", 300);

    @TempDir
    static Path folder;

    private static final Map<TestDatabase, Tiddly> SERVERS = new EnumMap<>(TestDatabase.class);
    private static final Map<TestDatabase, String> NAMES = new EnumMap<>(TestDatabase.class);
    private static List<JsonObject> rows;
    private static JsonArray children;

    @BeforeAll
    static void startThreeServers() throws Exception {
        Random random = new Random(SEED);
        rows = Data.rows(random, 40);
        children = Data.children(rows);
        for (TestDatabase database : TestDatabase.values()) {
            Settings settings = Settings.defaults().withPort(0);
            Connection connection;
            if (database == TestDatabase.SQLITE) {
                Path db = folder.resolve("differential.db");
                Files.copy(Path.of("tiddly.db.sample"), db, StandardCopyOption.REPLACE_EXISTING);
                settings = settings.withDb(db.toString());
                connection = DriverManager.getConnection("jdbc:sqlite:" + db);
            } else {
                String name = database.create();
                NAMES.put(database, name);
                settings = settings.withDb(database.url(name))
                        .withDbLogin(name, Optional.of(database.user()), Optional.empty());
                connection = database.connect(name);
            }
            try (connection;
                    var statement = connection.createStatement()) {
                for (String sql : Data.tables(database)) {
                    statement.execute(sql);
                }
            }
            Tiddly tiddly = Tiddly.start(settings);
            SERVERS.put(database, tiddly);
            JsonArray all = new JsonArray();
            rows.forEach(all::add);
            send(tiddly, "POST", "/g", all.toString(), 201);
            send(tiddly, "POST", "/h", children.toString(), 201);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Map.Entry<TestDatabase, Tiddly> server : SERVERS.entrySet()) {
            server.getValue().close();
            if (NAMES.containsKey(server.getKey())) {
                server.getKey().drop(NAMES.get(server.getKey()));
            }
        }
    }

    private static String send(Tiddly tiddly, String verb, String path, String body, int status) {
        String answer = RestAssured.given()
                .port(tiddly.port())
                .contentType("application/json; charset=utf-8")
                .body(body)
                .when()
                .request(verb, path)
                .then()
                .extract()
                .asString();
        JsonObject envelope = JsonParser.parseString(answer).getAsJsonObject();
        if (status > 0 && !envelope.get("status").getAsString().equals("success")) {
            throw new AssertionError(verb + " " + path + " " + body + " → " + answer);
        }
        return answer;
    }

    @Test
    void answersAreTheSameOnEveryDatabaseAndTheOraclesRows() {
        Random random = new Random(SEED + 1);
        Requests requests = new Requests(random);
        int compared = 0;
        int oracled = 0;
        int refused = 0;
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Requests.Request request = requests.next();
            Map<TestDatabase, JsonElement> answers = new EnumMap<>(TestDatabase.class);
            for (TestDatabase database : TestDatabase.values()) {
                String answer = send(SERVERS.get(database), "FETCH", "/g", request.body(), 0);
                answers.put(database, Envelopes.normal(JsonParser.parseString(answer)));
            }
            JsonElement sqlite = answers.get(TestDatabase.SQLITE);
            refused += sqlite.getAsJsonObject().has("code") ? 1 : 0;
            for (TestDatabase database : List.of(TestDatabase.POSTGRES, TestDatabase.MARIADB)) {
                if (!Envelopes.same(sqlite, answers.get(database))) {
                    differences.add("case " + i + " " + request.body() + "\n  sqlite:   " + sqlite + "\n  "
                            + database.name().toLowerCase(java.util.Locale.ROOT) + ": " + answers.get(database));
                }
            }
            assertTrue(
                    !sqlite.getAsJsonObject().has("code")
                            || !sqlite.getAsJsonObject()
                                    .get("code")
                                    .getAsString()
                                    .equals("database_error"),
                    request.body() + " → " + sqlite);
            if (request.where().isPresent() && sqlite.getAsJsonObject().has("data")) {
                Set<Long> expected = Oracle.ids(rows, children, request.where().get());
                Set<Long> actual = new HashSet<>();
                sqlite.getAsJsonObject()
                        .getAsJsonArray("data")
                        .forEach(row ->
                                actual.add(row.getAsJsonObject().get("id").getAsLong()));
                if (!expected.equals(actual)) {
                    differences.add(
                            "case " + i + " " + request.body() + "\n  oracle: " + expected + "\n  sqlite: " + actual);
                }
                oracled++;
            }
            compared++;
        }
        System.err.println(
                "DifferentialTest: " + compared + " requests on 3 databases, " + oracled + " checked by the oracle, "
                        + refused + " refused alike, " + differences.size() + " differences (seed " + SEED + ")");
        assertEquals(List.of(), differences, String.join("\n", differences));
    }

    @Test
    void walkingCursorsVisitEveryRowOnceWhileRowsComeAndGo() {
        Random random = new Random(SEED + 2);
        int walks = Math.max(6, CASES / 30);
        for (TestDatabase database : TestDatabase.values()) {
            Tiddly tiddly = SERVERS.get(database);
            for (int walk = 0; walk < walks; walk++) {
                String order = Requests.order(random) + ", id";
                int limit = 1 + random.nextInt(7);
                JsonObject body = new JsonObject();
                body.addProperty("orderby", order);
                body.addProperty("limit", limit);
                Set<Long> before = ids(send(tiddly, "FETCH", "/g", "{\"select\": [\"id\"], \"limit\": 1000}", 200));
                Set<Long> seen = new HashSet<>();
                Set<Long> gone = new HashSet<>();
                String page = send(tiddly, "FETCH", "/g", body.toString(), 200);
                long fresh = 1000 + walk * 100L + database.ordinal() * 10_000L;
                while (true) {
                    for (Long id : ids(page)) {
                        assertTrue(seen.add(id), database + " " + order + ": row " + id + " came twice");
                    }
                    JsonObject envelope = JsonParser.parseString(page).getAsJsonObject();
                    if (!envelope.has("next")) {
                        break;
                    }
                    if (random.nextBoolean()) { // a row inserted, a row without children deleted
                        send(tiddly, "POST", "/g", "{\"id\": " + fresh++ + ", \"t\": \"new\", \"m\": 7}", 201);
                        long victim = Data.childless(random, before, gone);
                        if (victim > 0) {
                            send(tiddly, "DELETE", "/g/" + victim, "", 200);
                            gone.add(victim);
                        }
                    }
                    body.addProperty("cursor", envelope.get("next").getAsString());
                    page = send(tiddly, "FETCH", "/g", body.toString(), 200);
                }
                for (Long id : before) {
                    assertTrue(
                            gone.contains(id) || seen.contains(id),
                            database + " " + order + ": row " + id + " was never visited");
                }
            }
        }
    }

    @Test
    void hostileRequestsAreRefusedWithADocumentedCodeAndChangeNothing() throws Exception {
        Set<String> codes = new HashSet<>();
        java.util.regex.Matcher documented =
                java.util.regex.Pattern.compile("`([a-z_0-9]+)`").matcher(Files.readString(Path.of("docs/errors.md")));
        while (documented.find()) {
            codes.add(documented.group(1));
        }
        Random random = new Random(SEED + 3);
        HostileInput input = new HostileInput(random);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < CASES / 2; i++) {
            HostileInput.Request request = input.next();
            for (TestDatabase database : TestDatabase.values()) {
                Tiddly tiddly = SERVERS.get(database);
                String before = request.write() ? dump(tiddly) : "";
                var call = RestAssured.given().port(tiddly.port()).urlEncodingEnabled(false);
                if (!request.contentType().isEmpty()) {
                    call = call.contentType(request.contentType());
                }
                if (request.body() != null) {
                    call = call.body(request.body());
                }
                var response = call.when().request(request.verb(), request.path());
                String shown = request.verb() + " " + request.path() + " "
                        + (request.body() == null
                                ? ""
                                : request.body()
                                        .substring(
                                                0, Math.min(200, request.body().length())));
                if (response.statusCode() >= 500) {
                    problems.add(database + ": " + shown + " → " + response.statusCode() + " " + response.asString());
                    continue;
                }
                if (response.statusCode() >= 400) {
                    String code = String.valueOf(JsonParser.parseString(response.asString())
                                    .getAsJsonObject()
                                    .get("code"))
                            .replace("\"", "");
                    if (!codes.contains(code)) {
                        problems.add(database + ": " + shown + " → undocumented code " + code);
                    }
                    if (request.write() && !before.equals(dump(tiddly))) {
                        problems.add(database + ": " + shown + " → refused, but the table changed");
                    }
                } else if (request.write()) {
                    restore(tiddly);
                }
            }
        }
        System.err.println("DifferentialTest: " + CASES / 2 + " hostile requests on 3 databases, " + problems.size()
                + " problems");
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    private static String dump(Tiddly tiddly) {
        return send(tiddly, "FETCH", "/g", "{\"orderby\": \"id\", \"limit\": 1000}", 200);
    }

    /** A hostile write that was allowed (a valid row, a matching delete): the rows back as generated. */
    private static void restore(Tiddly tiddly) {
        JsonArray all = new JsonArray();
        rows.forEach(all::add);
        send(tiddly, "DELETE", "/h", "{\"where\": {}}", 0);
        send(tiddly, "DELETE", "/g", "{\"where\": {}}", 0);
        send(tiddly, "POST", "/g", all.toString(), 201);
        send(tiddly, "POST", "/h", children.toString(), 201);
    }

    private static Set<Long> ids(String answer) {
        Set<Long> ids = new HashSet<>();
        for (JsonElement row : JsonParser.parseString(answer).getAsJsonObject().getAsJsonArray("data")) {
            ids.add(row.getAsJsonObject().get("id").getAsLong());
        }
        return ids;
    }
}
