package tiddly.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void theBodyNamesTheUserByTheIdentityColumn() {
        assertEquals(
                new Credentials("a@x", "pw"), Credentials.parse("{\"email\": \"a@x\", \"password\": \"pw\"}", "email"));
        assertEquals(
                new Credentials("ann", ""), Credentials.parse("{\"login\": \"ann\", \"password\": \"\"}", "login"));
    }

    @Test
    void aMalformedBodyIsA400() {
        assertEquals("invalid_json", error("{\"email\": ", "email").code());
        assertEquals(
                "the body must be {\"email\": \"…\", \"password\": \"…\"}",
                error("[]", "email").getMessage());
        assertEquals(
                "'password' must be a string: the body must be {\"email\": \"…\", \"password\": \"…\"}",
                error("{\"email\": \"a@x\"}", "email").getMessage());
        assertEquals(
                "'email' must be a string: the body must be {\"email\": \"…\", \"password\": \"…\"}",
                error("{\"email\": 1, \"password\": \"x\"}", "email").getMessage());
        assertEquals(
                "unknown key 'user': the body must be {\"email\": \"…\", \"password\": \"…\"}",
                error("{\"user\": \"a\", \"password\": \"x\"}", "email").getMessage());
        assertEquals("invalid_body", error("", "email").code());
    }

    private static LoginException error(String body, String identity) {
        LoginException e = assertThrows(LoginException.class, () -> Credentials.parse(body, identity));
        assertEquals(400, e.status());
        return e;
    }
}
