package tiddly.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How the client names its caller (docs/security.md, "Signing in"): one header on every request,
 * or none for an anonymous caller.
 */
public final class Auth {
    private final String header;
    private final String value;

    private Auth(String header, String value) {
        this.header = header;
        this.value = value;
    }

    /** No credentials: the server's {@code anon} role. */
    public static Auth none() {
        return new Auth(null, null);
    }

    /** A bearer token, from {@code /_login} or another issuer. */
    public static Auth token(String token) {
        return new Auth("Authorization", "Bearer " + token);
    }

    /** A static API key, sent as {@code X-API-Key}. */
    public static Auth apiKey(String key) {
        return new Auth("X-API-Key", key);
    }

    /** A user name and password, sent as HTTP Basic on every request. */
    public static Auth basic(String user, String password) {
        String pair = user + ":" + password;
        return new Auth(
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** The header's name, empty for {@link #none()}. */
    Optional<String> header() {
        return Optional.ofNullable(header);
    }

    /** The header's value; only called when {@link #header()} is present. */
    String value() {
        return value;
    }

    @Override
    public String toString() {
        return header == null ? "Auth.none()" : "Auth(" + header + ": …)"; // never the secret
    }
}
