package tiddly.e2e;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.RawHttp;
import tiddly.testing.RawHttp.Answer;
import tiddly.testing.TiddlyServer;

/**
 * Attacks from outside on what the HTTP layer believes about a request (issue 12: findings 2 and
 * 8 e, f, g): the client address behind a proxy, which a client rotates to escape the sign-in
 * limit; cross-site writes that a browser sends with its user's saved Basic credentials; and what
 * /_info and /_schema tell a stranger. Each attack shape is sent as the attacker would send it,
 * over a raw socket where headers matter ({@link RawHttp}). The settings that change the shapes
 * (--trusted-proxies, no --trust-proxy, a named --cors-origins) are in {@link ProxyAndCsrfSettingsTest}.
 */
class ProxyAndCsrfAttackTest {
    static final String SECRET = "an-hs256-secret-of-at-least-32-bytes!";
    static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "%s",
                "users": {"table": "user", "identity": "email"},
                "login_attempts_per_minute": 3
              },
              "rules": {
                "anon": {
                  "book": {"read": true, "hidden": ["author_id"]},
                  "author": {"read": true, "hidden": ["id"]}
                },
                "user": {"*": {"read": true}, "book": {"read": true, "insert": true, "delete": true}}
              }
            }""".formatted(SECRET);
    static final String ALICE = "alice@example.com:alice-secret";
    static final String EVIL = "https://evil.example";
    static final String APP = "https://app.example";

    /** Behind one proxy that appends to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for). */
    @RegisterExtension
    final TiddlyServer proxied =
            TiddlyServer.sample(settings -> settings.withTrustProxy(true, 1)).withConfig(CONFIG);

    // Finding 2: the client address behind a proxy.

    @Test
    void rotatingTheLeftmostForwardedForEntryDoesNotEscapeTheLoginLimit() {
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    401,
                    login(proxied, Map.of("X-Forwarded-For", "10.0.0." + i + ", 203.0.113.7"))
                            .status());
        }
        Answer limited = login(proxied, Map.of("X-Forwarded-For", "10.0.0.99, 203.0.113.7"));
        assertEquals(429, limited.status(), limited.text());
        assertEquals("too_many_requests", json(limited).getString("code"));
    }

    @Test
    void rotatingTheLeftmostEntryDoesNotEscapeTheLimitWithBasicEither() {
        for (int i = 0; i < 3; i++) {
            Answer wrong = send(
                    proxied,
                    "GET",
                    "/book",
                    headers(
                            "X-Forwarded-For",
                            "10.0.1." + i + ", 203.0.113.7",
                            "Authorization",
                            basic("alice@example.com:guess")),
                    null);
            assertEquals(401, wrong.status(), wrong.text());
        }
        Answer right = send(
                proxied,
                "GET",
                "/book",
                headers("X-Forwarded-For", "10.0.1.99, 203.0.113.7", "Authorization", basic(ALICE)),
                null);
        assertEquals(429, right.status(), right.text());
    }

    @Test
    void eachClientThatTheProxyNamesHasALimitOfItsOwn() {
        for (int i = 0; i < 3; i++) {
            login(proxied, Map.of("X-Forwarded-For", "203.0.113.7"));
        }
        assertEquals(
                429, login(proxied, Map.of("X-Forwarded-For", "203.0.113.7")).status());
        assertEquals(
                401, login(proxied, Map.of("X-Forwarded-For", "203.0.113.8")).status());
        assertEquals(
                401,
                login(proxied, Map.of("X-Forwarded-For", "203.0.113.7:4711, 203.0.113.9"))
                        .status());
    }

    @Test
    void theForwardedHeaderCountsTheForOfItsLastElementInEveryForm() {
        String[] lastElements = {"for=198.51.100.17", "for=\"198.51.100.17:4711\";proto=https", "For=\"198.51.100.17\""
        };
        for (int i = 0; i < 3; i++) {
            Answer wrong =
                    login(proxied, Map.of("Forwarded", "for=\"[2001:db8::" + i + "]\";by=_hidden, " + lastElements[i]));
            assertEquals(401, wrong.status(), wrong.text());
        }
        assertEquals(
                429,
                login(proxied, Map.of("Forwarded", "for=10.1.1.1, for=198.51.100.17"))
                        .status());
        assertEquals(
                401, login(proxied, Map.of("Forwarded", "for=198.51.100.18")).status());
    }

    @Test
    void anIpv6ClientCountsAsItsWholeSlash64Network() {
        for (int i = 0; i < 3; i++) {
            login(proxied, Map.of("Forwarded", "for=\"[2001:db8:cafe:1::" + (i + 1) + "]:4711\""));
        }
        assertEquals(
                429,
                login(proxied, Map.of("X-Forwarded-For", "2001:db8:cafe:1:ffff::99"))
                        .status());
        assertEquals(
                401,
                login(proxied, Map.of("X-Forwarded-For", "[2001:db8:cafe:2::1]:80"))
                        .status());
    }

    @Test
    void aForgedForwardedHeaderBesideTheProxysForwardedForFallsBackToTheProxysOwnAddress() {
        // The proxy appends to X-Forwarded-For; the client adds a Forwarded header of its own.
        for (int i = 0; i < 3; i++) {
            login(proxied, headers("X-Forwarded-For", "203.0.113.7", "Forwarded", "for=10.2.0." + i));
        }
        assertEquals(
                429,
                login(proxied, headers("X-Forwarded-For", "203.0.113.50", "Forwarded", "for=10.2.0.99"))
                        .status());
        assertEquals(
                401, login(proxied, Map.of("X-Forwarded-For", "203.0.113.50")).status());
        assertEquals(
                401,
                login(proxied, headers("X-Forwarded-For", "203.0.113.51", "Forwarded", "for=203.0.113.51"))
                        .status()); // both name the same client: that client
    }

    @Test
    void headersThatNameNoAddressFallBackToTheConnection() {
        String[][] unusable = {
            {"X-Forwarded-For", "unknown"},
            {"Forwarded", "for=_obfuscated"},
            {"Forwarded", "for=\"unterminated"},
            {"X-Forwarded-For", "example.com"},
            {"X-Forwarded-For", ""}
        };
        for (int i = 0; i < unusable.length; i++) {
            Answer answer = login(proxied, Map.of(unusable[i][0], unusable[i][1]));
            assertEquals(i < 3 ? 401 : 429, answer.status(), String.join(": ", unusable[i]) + " " + answer.text());
        }
        assertEquals(
                401, login(proxied, Map.of("X-Forwarded-For", "203.0.113.7")).status());
    }

    // Finding 8 e: writes that any web page can make a browser send with saved Basic credentials.

    @Test
    void aCrossSiteTextPlainBatchWithSavedBasicCredentialsIsRefused() {
        Answer forged = send(
                proxied,
                "POST",
                "/_batch",
                headers("Origin", EVIL, "Content-Type", "text/plain;charset=UTF-8", "Authorization", basic(ALICE)),
                "[{\"method\": \"DELETE\", \"table\": \"book\", \"key\": 1}]");
        assertEquals(403, forged.status(), forged.text());
        assertEquals("cross_origin_refused", json(forged).getString("code"));
        assertEquals(
                "a POST from the origin 'https://evil.example' must be sent with Content-Type: application/json,"
                        + " not 'text/plain;charset=UTF-8': --cors-origins does not name that origin, and any web"
                        + " page can make a browser send other types with its user's saved credentials",
                json(forged).getString("error"));
        assertEquals(1, proxied.scalar("SELECT COUNT(*) FROM book WHERE id = 1"));
    }

    @Test
    void everyTypeABrowserSendsWithoutAPreflightIsRefusedFromAnOriginNotNamed() {
        String[][] shapes = {
            {"POST", "/book", "application/x-www-form-urlencoded", EVIL},
            {"POST", "/book", "multipart/form-data; boundary=x", EVIL},
            {"POST", "/book", null, EVIL},
            {"POST", "/book", "text/plain", "null"}, // a sandboxed frame
            {"POST", "/book", "TEXT/PLAIN", APP}, // a server that names APP takes it (ProxyAndCsrfSettingsTest)
            {"DELETE", "/book/1", "text/plain", EVIL},
            {"PUT", "/book/1", null, EVIL},
            {"POST", "/_login", "text/plain", EVIL},
        };
        for (String[] shape : shapes) {
            Map<String, String> headers = headers("Origin", shape[3], "Authorization", basic(ALICE));
            if (shape[2] != null) {
                headers.put("Content-Type", shape[2]);
            }
            Answer forged = send(proxied, shape[0], shape[1], headers, "{\"title\": \"Forged\", \"author_id\": 1}");
            assertEquals(403, forged.status(), String.join(" ", shape) + ": " + forged.text());
            assertEquals("cross_origin_refused", json(forged).getString("code"));
        }
        assertEquals(0, proxied.scalar("SELECT COUNT(*) FROM book WHERE title = 'Forged'"));
        assertEquals(1, proxied.scalar("SELECT COUNT(*) FROM book WHERE id = 1"));
    }

    @Test
    void curlWithAFormTypeAndNoOriginStillWrites() {
        Answer curl = send(
                proxied,
                "POST",
                "/book",
                headers("Content-Type", "application/x-www-form-urlencoded", "Authorization", basic(ALICE)),
                "{\"title\": \"By curl\", \"author_id\": 1}");
        assertEquals(201, curl.status(), curl.text());
    }

    @Test
    void aCrossOriginScriptThatSendsJsonOrABearerTokenStillWrites() {
        Answer json = send(
                proxied,
                "POST",
                "/book",
                headers(
                        "Origin",
                        EVIL,
                        "Content-Type",
                        "application/json; charset=utf-8",
                        "Authorization",
                        basic(ALICE)),
                "{\"title\": \"As JSON\", \"author_id\": 1}");
        assertEquals(201, json.status(), json.text());
        String token = proxied.http()
                .body("{\"email\": \"alice@example.com\", \"password\": \"alice-secret\"}")
                .post("/_login")
                .jsonPath()
                .getString("data.token");
        Answer bearer = send(
                proxied,
                "POST",
                "/book",
                headers("Origin", EVIL, "Content-Type", "text/plain", "Authorization", "Bearer " + token),
                "{\"title\": \"With a token\", \"author_id\": 1}");
        assertEquals(201, bearer.status(), bearer.text());
    }

    @Test
    void aCrossSiteReadIsAnsweredSinceItChangesNothing() {
        Answer read = send(proxied, "GET", "/book/1", headers("Origin", EVIL, "Authorization", basic(ALICE)), null);
        assertEquals(200, read.status(), read.text()); // the browser keeps the answer from the page
    }

    // Finding 8 f and g: what /_info and /_schema tell a caller who has not signed in.

    @Test
    void infoTellsAnonymousCallersNoVersionUnderRules() {
        proxied.http()
                .when()
                .get("/_info")
                .then()
                .statusCode(200)
                .body("data", not(hasKey("version")))
                .body("data.database", matchesPattern("SQLite|PostgreSQL|MariaDB"))
                .body("data.tables", equalTo(2));
        proxied.http()
                .auth()
                .preemptive()
                .basic("alice@example.com", "alice-secret")
                .when()
                .get("/_info")
                .then()
                .statusCode(200)
                .body("data.version", matchesPattern("\\d+\\.\\d+.*"))
                .body("data.database", matchesPattern("(SQLite|PostgreSQL|MariaDB) \\d.*"));
    }

    @Test
    void schemaNamesNoTableOrColumnTheAnonymousRoleCannotSee() {
        String schema = proxied.http()
                .when()
                .get("/_schema")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonPath json = JsonPath.from(schema);
        assertEquals(List.of("author", "book"), json.getList("data.name"));
        assertEquals(List.of("name", "born"), json.getList("data.find { it.name == 'author' }.columns.name"));
        assertEquals(List.of(), json.getList("data.find { it.name == 'author' }.primary_key"));
        assertEquals(List.of(), json.getList("data.find { it.name == 'book' }.foreign_keys"));
        for (String unseen : List.of("author_id", "code", "user", "dual", "password", "email")) {
            assertFalse(schema.contains("\"" + unseen + "\""), unseen + " appears in " + schema);
        }
        proxied.http()
                .auth()
                .preemptive()
                .basic("alice@example.com", "alice-secret")
                .when()
                .get("/_schema")
                .then()
                .statusCode(200)
                .body("data.find { it.name == 'book' }.foreign_keys.references", not(empty()))
                .body("data.find { it.name == 'author' }.primary_key", equalTo(List.of("id")));
    }

    static Answer login(TiddlyServer server, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return send(server, "POST", "/_login", all, "{\"email\": \"alice@example.com\", \"password\": \"wrong\"}");
    }

    static Answer send(TiddlyServer server, String method, String target, Map<String, String> headers, String body) {
        return new RawHttp(server.port(), 10_000).send(method, target, headers, body);
    }

    /** Header names and values, in order; a map the caller may add to. */
    static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    static JsonPath json(Answer answer) {
        return JsonPath.from(answer.text());
    }

    static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
