package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tiddly.Settings;
import tiddly.StartupException;
import tiddly.Tiddly;
import tiddly.testing.TiddlyServer;

/**
 * Signing in end to end: /_login against the sample users (alice-secret, bob-secret, …), bearer
 * tokens from it and from other issuers, HTTP Basic, API keys, the login rate limit, and
 * passwords stored as bcrypt hashes.
 */
class AuthTest {
    private static final String SECRET = "an-hs256-secret-of-at-least-32-bytes!";
    private static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "%s",
                "users": {"table": "user", "identity": "email", "password": "password"},
                "api_keys": {"admin-key-0123456789abcdef": "admin"},
                "login_attempts_per_minute": 5
              },
              "rules": {
                "anon": {"dual": {"read": true}},   // anonymous callers may read dual, nothing else
                "user": {"book": {"read": true},
                         "user": {"read": {"where": {"id": "$auth.sub"}}, "update": {"where": {"id": "$auth.sub"}}}},
                "admin": {"*": {"read": true, "insert": true, "update": true}}
              }
            }""".formatted(SECRET);

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig(CONFIG);

    @TempDir
    Path folder;

    private Response login(String email, String password) {
        return server.http()
                .header("X-Request-Id", "login-test")
                .body("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}")
                .when()
                .post("/_login");
    }

    private String token(String email, String password) {
        return login(email, password).then().statusCode(200).extract().path("data.token");
    }

    private RequestSpecification bearer(String token) {
        return server.http().header("Authorization", "Bearer " + token);
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static Date inAnHour() {
        return Date.from(Instant.now().plusSeconds(3600));
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** A server of its own over a copy of the sample database; the test closes it. */
    private Tiddly start(String config) throws IOException {
        Path db = folder.resolve("own.db");
        Files.copy(Path.of("tiddly.db.sample"), db);
        Path file = folder.resolve("own.json");
        Files.writeString(file, config);
        return Tiddly.start(
                Settings.defaults().withDb(db.toString()).withPort(0).withConfig(file));
    }

    @Test
    void aTokenFromLoginSignsTheCallerInAsTheirUser() {
        server.http().when().get("/book").then().statusCode(401).body("code", equalTo("unauthenticated"));
        Response login = login("alice@example.com", "alice-secret");
        login.then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("status", equalTo("success"))
                .body("data.expires_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        Instant expires = Instant.parse(login.path("data.expires_at"));
        assertTrue(
                expires.isAfter(Instant.now().plusSeconds(3500))
                        && expires.isBefore(Instant.now().plusSeconds(3700)),
                "an hour by default: " + expires);
        String token = login.path("data.token");
        bearer(token).when().get("/book").then().statusCode(200);
        bearer(token).when().get("/user").then().statusCode(200).body("data.id", contains(1)); // sub is the key
        bearer(token).when().get("/user/2").then().statusCode(404);
        bearer(token).when().get("/dual").then().statusCode(403); // signed in: user's rules, not anon's
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        Response wrong = login("alice@example.com", "bob-secret");
        Response unknown = login("mallory@example.com", "alice-secret");
        Response noPassword = login("erin@example.com", "erin-secret"); // Erin has no email: nobody is named so
        for (Response response : new Response[] {wrong, unknown, noPassword}) {
            response.then()
                    .statusCode(401)
                    .header("WWW-Authenticate", "Bearer realm=\"tiddly\"")
                    .body("code", equalTo("invalid_credentials"))
                    .body("error", equalTo("wrong email or password"));
        }
        assertEquals(wrong.asString(), unknown.asString());
        assertEquals(wrong.asString(), noPassword.asString());
    }

    @Test
    void aMalformedLoginBodyIsA400() {
        server.http()
                .body("{\"email\": \"alice@example.com\"}")
                .when()
                .post("/_login")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body(
                        "error",
                        equalTo(
                                "'password' must be a string: the body must be {\"email\": \"…\", \"password\": \"…\"}"));
        server.http()
                .body("{\"email\": ")
                .when()
                .post("/_login")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_json"));
    }

    @Test
    void expiredTamperedUnsignedAndGarbageTokensAre401NeverAnonymous() throws Exception {
        String expired = sign(new JWTClaimsSet.Builder()
                .subject("1")
                .claim("role", "user")
                .expirationTime(Date.from(Instant.now().minusSeconds(3600)))
                .build());
        String[] good = token("alice@example.com", "alice-secret").split("\\.");
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"sub\":\"2\",\"role\":\"admin\",\"exp\":"
                                + Instant.now().plusSeconds(3600).getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8));
        String tampered = good[0] + "." + payload + "." + good[2];
        String none = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + payload + ".";
        String noExpiry = sign(
                new JWTClaimsSet.Builder().subject("1").claim("role", "admin").build());
        for (String token : new String[] {expired, tampered, none, noExpiry, "garbage", ""}) {
            bearer(token)
                    .when()
                    .get("/dual")
                    .then()
                    .statusCode(401) // dual is readable by anon: these are not anon
                    .header("WWW-Authenticate", "Bearer realm=\"tiddly\", error=\"invalid_token\"")
                    .body("code", equalTo("invalid_token"));
        }
        bearer(expired).when().get("/dual").then().body("error", startsWith("the bearer token expired at "));
        bearer(tampered)
                .when()
                .get("/dual")
                .then()
                .body("error", equalTo("the bearer token's signature does not match"));
        bearer(none).when().get("/dual").then().body("error", equalTo("the bearer token is not a signed JWT"));
        bearer(noExpiry).when().get("/dual").then().body("error", equalTo("the bearer token has no expiry time (exp)"));
        server.http().when().get("/dual").then().statusCode(200);
    }

    @Test
    void aTokenFromAnotherIssuerGetsTheRulesOfItsRole() throws Exception {
        String admin = sign(new JWTClaimsSet.Builder()
                .subject("service")
                .claim("role", "admin")
                .expirationTime(inAnHour())
                .build());
        bearer(admin).when().get("/user").then().statusCode(200).body("data.id", contains(1, 2, 3, 4, 5));
        String noRole = sign(new JWTClaimsSet.Builder()
                .subject("2")
                .expirationTime(inAnHour())
                .build());
        bearer(noRole)
                .when()
                .get("/user")
                .then()
                .statusCode(200)
                .body("data.id", contains(2)); // the default role: user
    }

    @Test
    void basicCredentialsAreCheckedAgainstTheUsersTable() {
        server.http()
                .header("Authorization", basic("bob@example.com:bob-secret"))
                .when()
                .get("/user")
                .then()
                .statusCode(200)
                .body("data.id", contains(2));
        for (String wrong :
                new String[] {"bob@example.com:alice-secret", "nobody@example.com:bob-secret", "no colon"}) {
            server.http()
                    .header("Authorization", basic(wrong))
                    .when()
                    .get("/dual")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", "Basic realm=\"tiddly\"")
                    .body("code", equalTo("invalid_credentials"));
        }
        server.http()
                .header("Authorization", "Basic !!!")
                .when()
                .get("/dual")
                .then()
                .statusCode(401)
                .body("error", equalTo("the Basic credentials are not base64"));
        server.http()
                .header("Authorization", "Digest username=\"bob\"")
                .when()
                .get("/dual")
                .then()
                .statusCode(401)
                .body("error", equalTo("the Authorization scheme is not supported: use Bearer or Basic"));
    }

    @Test
    void apiKeysActAsTheirRole() {
        server.http()
                .header("X-API-Key", "admin-key-0123456789abcdef")
                .when()
                .get("/user")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 2, 3, 4, 5));
        server.http()
                .header("X-API-Key", "admin-kez")
                .when()
                .get("/dual")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_api_key"));
    }

    @Test
    void loginIsRateLimitedPerClientAddress() {
        for (int i = 0; i < 5; i++) {
            login("alice@example.com", "wrong " + i).then().statusCode(401);
        }
        Response limited = server.http()
                .header("X-Forwarded-For", "10.9.8." + 7) // not believed without --trust-proxy
                .body("{\"email\": \"alice@example.com\", \"password\": \"alice-secret\"}")
                .when()
                .post("/_login");
        limited.then()
                .statusCode(429)
                .body("code", equalTo("too_many_requests"))
                .body("error", startsWith("too many sign-in attempts from this address; try again in "));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After: " + retryAfter);
        server.http()
                .header("Authorization", basic("alice@example.com:alice-secret"))
                .when()
                .get("/book")
                .then()
                .statusCode(429); // Basic shares the limit: guessing there must cost as much
    }

    @Test
    void passwordsWrittenToTheUsersTableAreStoredAsBcryptHashes() {
        server.http()
                .header("X-API-Key", "admin-key-0123456789abcdef")
                .body("{\"name\": \"Frank\", \"email\": \"frank@example.com\", \"password\": \"frank-secret\"}")
                .when()
                .post("/user")
                .then()
                .statusCode(201)
                .body("data", not(org.hamcrest.Matchers.hasKey("password")));
        String stored = (String) server.scalar("SELECT password FROM \"user\" WHERE email = 'frank@example.com'");
        assertTrue(stored.startsWith("$2b$10$"), stored);
        token("frank@example.com", "frank-secret");

        String alice = token("alice@example.com", "alice-secret");
        bearer(alice).body("{\"password\": \"x\"}").when().put("/user/1").then().statusCode(200);
        String changed = (String) server.scalar("SELECT password FROM \"user\" WHERE id = 1");
        assertTrue(changed.startsWith("$2b$10$"), changed);
        login("alice@example.com", "alice-secret").then().statusCode(401);
        bearer(alice).when().get("/book/1").then().statusCode(401); // a new password revokes the old token
        String again = token("alice@example.com", "x");
        bearer(again).body("{\"password\": \"y\"}").when().put("/user/2").then().statusCode(404); // not hers

        server.http()
                .header("X-API-Key", "admin-key-0123456789abcdef")
                .body(
                        "[{\"method\": \"POST\", \"table\": \"user\", \"body\": {\"name\": \"Gus\", \"password\": \"gus-secret\"}}]")
                .when()
                .post("/_batch")
                .then()
                .statusCode(200);
        assertTrue(((String) server.scalar("SELECT password FROM \"user\" WHERE name = 'Gus'")).startsWith("$2b$10$"));
        server.http()
                .header("X-API-Key", "admin-key-0123456789abcdef")
                .body("{\"name\": \"Hal\", \"password\": \"" + "x".repeat(73) + "\"}")
                .when()
                .post("/user")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_value"));
    }

    @Test
    void passwordsAreHashedInOpenModeTooAndLoginNeedsASecret() throws IOException {
        try (Tiddly open = start("{\"auth\": {\"users\": {\"table\": \"user\"}}}")) {
            RestAssured.given()
                    .port(open.port())
                    .contentType("application/json")
                    .body("{\"name\": \"Ivy\", \"password\": \"ivy-secret\"}")
                    .when()
                    .post("/user")
                    .then()
                    .statusCode(201);
            RestAssured.given()
                    .port(open.port())
                    .contentType("application/json")
                    .body("{\"email\": \"alice@example.com\", \"password\": \"alice-secret\"}")
                    .when()
                    .post("/_login")
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("no_route"))
                    .body(
                            "error",
                            equalTo("no route for POST /_login: signing in needs auth.users and auth.jwt_secret"
                                    + " in the server's --config"));
            RestAssured.given()
                    .port(open.port())
                    .header("Authorization", basic("alice@example.com:alice-secret"))
                    .when()
                    .get("/dual")
                    .then()
                    .statusCode(200);
        }
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("own.db"));
                var rows = db.createStatement().executeQuery("SELECT password FROM \"user\" WHERE name = 'Ivy'")) {
            assertTrue(rows.next());
            assertTrue(rows.getString(1).startsWith("$2b$10$"));
            assertNotEquals("ivy-secret", rows.getString(1));
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
    }

    @Test
    void aSecretShorterThan32BytesRefusesToStart() {
        StartupException shortSecret = assertThrows(
                StartupException.class,
                () -> start("{\"auth\": {\"jwt_secret\": \"only-31-bytes-long-secret-12345\"}}"));
        assertEquals(
                "auth.jwt_secret is shorter than 32 bytes: HS256 needs at least 256 random bits",
                shortSecret.getMessage());
    }

    @Test
    void aMisnamedUsersColumnRefusesToStart() {
        StartupException e = assertThrows(
                StartupException.class,
                () -> start("{\"auth\": {\"users\": {\"table\": \"user\", \"identity\": \"login\"}}}"));
        assertEquals("auth.users.identity: table 'user' has no column 'login'", e.getMessage());
    }
}
