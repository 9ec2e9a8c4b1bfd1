package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * Credentials sent in shapes that used to slip through (issue 12, finding 8): two credentials in
 * one request, a header given twice, a password past bcrypt's 72 bytes at sign-in, and an empty
 * password.
 */
class CredentialsAttackTest {
    private static final String ADMIN = "admin-key-0123456789abcdef";
    private static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "a-credentials-attack-secret-of-32-bytes",
                "users": {"table": "user", "identity": "email"},
                "api_keys": {"%s": "admin"},
                "login_attempts_per_minute": 1000
              },
              "rules": {"admin": {"*": {"read": true, "insert": true, "update": true}}, "user": {"book": {"read": true}}}
            }""".formatted(ADMIN);

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfigText(CONFIG);

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBadBearerTokenBesideAGoodApiKeyIsRefused() {
        server.http()
                .header("X-API-Key", ADMIN)
                .header("Authorization", "Bearer not-a-token")
                .when()
                .get("/user/1")
                .then()
                .statusCode(400)
                .body("code", equalTo("ambiguous_credentials"))
                .body(
                        "error",
                        equalTo("send one credential: 1 Authorization and 1 X-API-Key header(s) were sent; use either"
                                + " one Authorization or one X-API-Key header"));
    }

    @Test
    void aCredentialHeaderGivenTwiceIsRefused() {
        server.http()
                .header("X-API-Key", ADMIN)
                .header("X-API-Key", "a-wrong-key-0123456789")
                .when()
                .get("/user/1")
                .then()
                .statusCode(400)
                .body("code", equalTo("ambiguous_credentials"));
        server.http()
                .header("Authorization", basic("alice@example.com", "alice-secret"))
                .header("Authorization", "Bearer forged")
                .when()
                .get("/book/1")
                .then()
                .statusCode(400)
                .body("code", equalTo("ambiguous_credentials"));
    }

    @Test
    void aPasswordLongerThan72BytesNeverSignsIn() {
        String stored = "p".repeat(72);
        server.http()
                .header("X-API-Key", ADMIN)
                .body("{\"password\": \"" + stored + "\"}")
                .when()
                .put("/user/1")
                .then()
                .statusCode(200);
        String longer = stored + "-anything-after-byte-72";
        server.http()
                .body("{\"email\": \"alice@example.com\", \"password\": \"" + longer + "\"}")
                .when()
                .post("/_login")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body(
                        "error",
                        equalTo("'password' is longer than 72 bytes in UTF-8: no stored password is, so it cannot"
                                + " match"));
        server.http()
                .header("Authorization", basic("alice@example.com", longer))
                .when()
                .get("/book/1")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_credentials"));
        server.http()
                .body("{\"email\": \"alice@example.com\", \"password\": \"" + stored + "\"}")
                .when()
                .post("/_login")
                .then()
                .statusCode(200);
    }

    @Test
    void anEmptyPasswordIsNeitherStoredNorAccepted() {
        server.http()
                .header("X-API-Key", ADMIN)
                .body("{\"password\": \"\"}")
                .when()
                .put("/user/2")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("details.password", equalTo("is empty"));
        // A hash of "" stored by another program still never signs in.
        String emptyHash = BCrypt.withDefaults().hashToString(4, new char[0]);
        server.execute("UPDATE \"user\" SET password = '" + emptyHash + "' WHERE id = 2");
        server.http()
                .body("{\"email\": \"bob@example.com\", \"password\": \"\"}")
                .when()
                .post("/_login")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_credentials"));
        server.http()
                .header("Authorization", basic("bob@example.com", ""))
                .when()
                .get("/book/1")
                .then()
                .statusCode(401);
    }
}
