package tiddly.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import spark.Request;
import spark.Response;
import tiddly.auth.Authenticator;
import tiddly.auth.Token;

/**
 * {@code POST /_login}: a user name and password in, {@code {"token": …, "expires_at": …}} out.
 * Attempts are limited per {@link ClientAddress}; without auth.users and auth.jwt_secret the route
 * answers 404.
 */
final class LoginRoute {
    private final Authenticator authenticator;
    private final ClientAddress address;
    private final long maxBodyBytes;

    LoginRoute(Authenticator authenticator, ClientAddress address, long maxBodyBytes) {
        this.authenticator = authenticator;
        this.address = address;
        this.maxBodyBytes = maxBodyBytes;
    }

    String handle(Request request, Response response) throws IOException {
        Token token = authenticator.login(address.of(request), BodyReader.read(request.raw(), maxBodyBytes));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("token", token.value());
        data.put("expires_at", token.expiresAt().toString()); // ISO-8601 in UTC: "2026-01-01T12:00:00Z"
        response.status(200);
        response.raw().setHeader("Cache-Control", "no-store"); // a credential: no cache may keep it
        return JsonBody.send(response, Envelope.success(data));
    }
}
