package tiddly.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tiddly.auth.SignIn;

/** The ways to sign in that the server's --config sets up: bearer JWT, HTTP Basic, X-API-Key. */
final class SecuritySchemes {
    private SecuritySchemes() {}

    static Map<String, Object> schemes(SignIn signIn) {
        Map<String, Object> schemes = new LinkedHashMap<>();
        if (signIn.bearer()) {
            schemes.put(
                    "bearer",
                    Json.object(
                            "type", "http",
                            "scheme", "bearer",
                            "bearerFormat", "JWT",
                            "description",
                                    signIn.login().isPresent()
                                            ? "a token from POST /_login, or one the server's key accepts"
                                            : "a JWT the server's key accepts"));
        }
        if (signIn.basic()) {
            schemes.put(
                    "basic",
                    Json.object("type", "http", "scheme", "basic", "description", "a user's name and password"));
        }
        if (signIn.apiKey()) {
            schemes.put("apiKey", Json.object("type", "apiKey", "in", "header", "name", "X-API-Key"));
        }
        return schemes;
    }

    /** One requirement per scheme: any one of them will do. */
    static List<Object> requirements(SignIn signIn) {
        List<Object> requirements = new ArrayList<>();
        for (String scheme : schemes(signIn).keySet()) {
            requirements.add(Json.object(scheme, List.of()));
        }
        return requirements;
    }
}
