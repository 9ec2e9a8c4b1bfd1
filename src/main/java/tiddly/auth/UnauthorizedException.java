package tiddly.auth;

import java.util.Map;
import tiddly.TiddlyException;

/** Credentials were given but are wrong, expired or tampered with: never treated as anonymous. */
public final class UnauthorizedException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final String challenge;

    public UnauthorizedException(String code, String message, String challenge) {
        super(401, code, message);
        this.challenge = challenge;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", challenge);
    }
}
