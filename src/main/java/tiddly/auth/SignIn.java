package tiddly.auth;

import java.util.Optional;

/**
 * The ways a caller may prove who it is on this server, as configured: what the API's
 * self-description offers as security schemes.
 *
 * @param bearer bearer tokens are accepted (a JWT secret or public key is configured)
 * @param basic HTTP Basic is accepted (a users table is configured)
 * @param apiKey X-API-Key is accepted (static keys are configured)
 * @param login the column {@code POST /_login} names the user by, when that route is served
 */
public record SignIn(boolean bearer, boolean basic, boolean apiKey, Optional<String> login) {
    /** Whether any way to sign in exists. */
    public boolean any() {
        return bearer || basic || apiKey;
    }
}
