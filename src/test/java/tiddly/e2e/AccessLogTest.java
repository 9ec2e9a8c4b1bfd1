package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Tiddly;
import tiddly.testing.TiddlyServer;

/** --access-log: one JSON line per request, and never a credential, password or body. */
class AccessLogTest {
    private static final String API_KEY = "admin-key-0123456789-do-not-log";
    private final Path log = Files.createTempFile("tiddly-access", ".log");

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(
                    settings -> settings.withOperations(settings.operations().withAccessLog(log.toString())))
            .withConfig("""
                    {"auth": {"jwt_secret": "a-jwt-secret-of-32-bytes-or-more-0123456789",
                              "users": {"table": "user", "identity": "email", "password": "password"},
                              "api_keys": {"%s": "admin"}},
                     "rules": {"anon": {"book": {"read": true}},
                               "user": {"*": {"read": true}, "user": {"read": true, "update": {"where": {"id": "$auth.sub"}}}},
                               "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}}}}""".formatted(API_KEY));

    AccessLogTest() throws IOException {}

    @Test
    void eachRequestIsOneJsonLineWithoutAnySecret() throws IOException {
        Tiddly tiddly = server.another(); // closed below, so that every line is written
        String token = http(tiddly)
                .body("{\"email\": \"alice@example.com\", \"password\": \"alice-secret\"}")
                .post("/_login")
                .then()
                .statusCode(200)
                .extract()
                .path("data.token");
        String requestId = http(tiddly)
                .queryParam("access_token", "query-token-do-not-log")
                .queryParam("limit", 1)
                .queryParam("where", "{\"title\":\"Book 1\"}")
                .get("/book")
                .then()
                .statusCode(400) // access_token is no parameter of Tiddly's, but clients send such things
                .extract()
                .header("X-Request-Id");
        http(tiddly)
                .header("Authorization", "Bearer " + token)
                .get("/user/1")
                .then()
                .statusCode(200);
        String basic =
                Base64.getEncoder().encodeToString("alice@example.com:alice-secret".getBytes(StandardCharsets.UTF_8));
        http(tiddly)
                .header("Authorization", "Basic " + basic)
                .get("/book/1")
                .then()
                .statusCode(200);
        http(tiddly)
                .header("Authorization", "Bearer " + token)
                .body("{\"password\": \"new-password-do-not-log\"}")
                .put("/user/1")
                .then()
                .statusCode(200);
        http(tiddly).header("X-API-Key", API_KEY).get("/author/1").then().statusCode(200);
        http(tiddly)
                .header("Authorization", "Bearer not-a-token-do-not-log")
                .get("/book/1")
                .then()
                .statusCode(401);
        tiddly.close();

        String text = Files.readString(log);
        for (String secret : List.of(
                "alice-secret",
                token,
                basic,
                "query-token-do-not-log",
                "new-password-do-not-log",
                API_KEY,
                "not-a-token-do-not-log",
                "Book 1")) {
            assertFalse(text.contains(secret), () -> "the access log holds '" + secret + "':\n" + text);
        }
        List<JsonObject> lines = text.lines()
                .map(line -> JsonParser.parseString(line).getAsJsonObject())
                .toList();
        assertEquals(7, lines.size(), text);
        JsonObject query = lines.get(1);
        assertEquals(requestId, query.get("request_id").getAsString());
        assertEquals("127.0.0.1", query.get("client").getAsString());
        assertEquals("GET", query.get("method").getAsString());
        assertEquals("/book", query.get("path").getAsString());
        assertEquals(
                "[\"access_token\",\"limit\",\"where\"]", query.get("query").toString());
        assertEquals(400, query.get("status").getAsInt());
        assertTrue(query.get("bytes").getAsLong() > 20);
        assertTrue(query.get("duration_ms").getAsDouble() >= 0);
        assertEquals("anon", query.get("role").getAsString());
        assertTrue(query.get("time").getAsString().endsWith("Z"));
        assertEquals("user", lines.get(2).get("role").getAsString());
        assertEquals("/user/1", lines.get(2).get("path").getAsString());
        assertEquals("admin", lines.get(5).get("role").getAsString());
        assertEquals(401, lines.get(6).get("status").getAsInt());
        assertTrue(lines.get(6).get("role").isJsonNull()); // the credentials did not check out: no role
        Files.delete(log);
    }

    /** Behind a trusted proxy, a line names the client the proxy saw, as the sign-in limit counts it. */
    @Test
    void behindATrustedProxyTheClientIsTheForwardedAddress() throws IOException {
        Path proxied = Files.createTempFile("tiddly-access", ".log");
        Tiddly behind = server.another(settings -> settings.withTrustProxy(true, 1)
                .withOperations(settings.operations().withAccessLog(proxied.toString())));
        http(behind)
                .header("X-Forwarded-For", "203.0.113.7")
                .get("/book/1")
                .then()
                .statusCode(200);
        behind.close(); // every line written
        String text = Files.readString(proxied);
        assertEquals(
                "203.0.113.7",
                JsonParser.parseString(text.lines().findFirst().orElseThrow())
                        .getAsJsonObject()
                        .get("client")
                        .getAsString(),
                text);
        Files.delete(proxied);
    }

    private static RequestSpecification http(Tiddly tiddly) {
        return RestAssured.given()
                .port(tiddly.port())
                .contentType("application/json")
                .when();
    }
}
