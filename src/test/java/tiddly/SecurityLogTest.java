package tiddly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tiddly.auth.AuthConfig;
import tiddly.auth.UsersTable;

/** The start-up log's line of the ways to sign in: they ran into each other without a comma. */
class SecurityLogTest {
    @Test
    void theWaysToSignInAreSeparatedByCommas() {
        AuthConfig auth = new AuthConfig(
                Optional.of("0123456789abcdef0123456789abcdef"),
                Optional.empty(),
                Duration.ofHours(1),
                Optional.of(new UsersTable("user", "email", "password", Optional.empty(), "user")),
                Map.of("key", "admin"),
                10);
        assertEquals("; sign-in: JWT HS256, /_login and Basic on table 'user', 1 API key(s)", Security.signIn(auth));
    }
}
