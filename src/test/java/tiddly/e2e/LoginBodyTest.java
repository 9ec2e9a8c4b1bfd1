package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * A /_login body is read as strictly as every other body: a duplicate key or data after the object
 * is a 400 invalid_json, never a sign-in as whichever value came last.
 */
class LoginBodyTest {
    private static final String CONFIG = """
            {
              "auth": {
                "jwt_secret": "an-hs256-secret-of-at-least-32-bytes!",
                "users": {"table": "user", "identity": "email", "password": "password", "default_role": "user"}
              },
              "rules": {"user": {"book": {"read": true}}}
            }""";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig(CONFIG);

    @Test
    void aLoginBodyWithADuplicateKeyIsA400LikeEveryOtherBody() {
        server.http()
                .body(
                        "{\"email\": \"bob@example.com\", \"password\": \"alice-secret\", \"email\": \"alice@example.com\"}")
                .when()
                .post("/_login")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_json"))
                .body("error", equalTo("JSON has a duplicate key 'email'"));
        server.http()
                .body("{\"email\": \"alice@example.com\", \"password\": \"x\", \"password\": \"alice-secret\"}")
                .when()
                .post("/_login")
                .then()
                .statusCode(400)
                .body("error", equalTo("JSON has a duplicate key 'password'"));
    }

    @Test
    void aLoginBodyWithDataAfterTheObjectIsA400() {
        server.http()
                .body("{\"email\": \"alice@example.com\", \"password\": \"alice-secret\"} {\"more\": 1}")
                .when()
                .post("/_login")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_json"))
                .body("error", equalTo("body is not valid JSON: unexpected data after the value"));
    }

    @Test
    void theSameBodyWithoutTheDuplicateStillSignsIn() {
        server.http()
                .body("{\"email\": \"alice@example.com\", \"password\": \"alice-secret\"}")
                .when()
                .post("/_login")
                .then()
                .statusCode(200)
                .body("data.token", org.hamcrest.Matchers.notNullValue());
    }
}
