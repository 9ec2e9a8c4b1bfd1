package tiddly.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How callers prove who they are.
 *
 * @param jwtSecret signs the tokens /_login issues and verifies HS256 tokens (at least 32 bytes)
 * @param jwtPublicKey a PEM public key whose RS256 or ES256 tokens are accepted too
 * @param tokenTtl how long a token from /_login lives
 * @param users the users table, for /_login and HTTP Basic
 * @param apiKeys static keys (sent as X-API-Key) → the role they act as
 * @param loginAttemptsPerMinute per client address, on /_login
 */
public record AuthConfig(
        Optional<String> jwtSecret,
        Optional<String> jwtPublicKey,
        Duration tokenTtl,
        Optional<UsersTable> users,
        Map<String, String> apiKeys,
        int loginAttemptsPerMinute) {

    public AuthConfig {
        apiKeys = Map.copyOf(apiKeys);
    }

    public static AuthConfig none() {
        return new AuthConfig(Optional.empty(), Optional.empty(), Duration.ofHours(1), Optional.empty(), Map.of(), 10);
    }

    /** Whether any way to sign in is configured. */
    public boolean enabled() {
        return jwtSecret.isPresent() || jwtPublicKey.isPresent() || users.isPresent() || !apiKeys.isEmpty();
    }
}
