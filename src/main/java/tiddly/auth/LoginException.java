package tiddly.auth;

import tiddly.TiddlyException;

/** A /_login request that cannot be answered: the body is malformed, or this server has no /_login. */
public final class LoginException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private LoginException(int status, String code, String message) {
        super(status, code, message);
    }

    static LoginException invalidJson(String message) {
        return new LoginException(400, "invalid_json", message);
    }

    static LoginException invalidBody(String message) {
        return new LoginException(400, "invalid_body", message);
    }

    /** The route exists only with a users table and a secret to sign tokens with. */
    static LoginException notConfigured() {
        return new LoginException(
                404,
                "no_route",
                "no route for POST /_login: signing in needs auth.users and"
                        + " auth.jwt_secret in the server's --config");
    }
}
