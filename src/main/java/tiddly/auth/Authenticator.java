package tiddly.auth;

import java.util.Map;
import java.util.Optional;

/**
 * Credentials → {@link Identity}: a static API key (X-API-Key), a bearer token, or HTTP Basic;
 * none is the anonymous role. Credentials that do not check out are a 401, never anonymous.
 */
public final class Authenticator {
    private final AuthConfig config;

    public Authenticator(AuthConfig config) {
        this.config = config;
    }

    /**
     * @param authorization the Authorization header, if any
     * @param apiKey the X-API-Key header, if any
     */
    public Identity identify(Optional<String> authorization, Optional<String> apiKey) {
        if (apiKey.isPresent()) {
            String role = config.apiKeys().get(apiKey.get());
            if (role == null) {
                throw new UnauthorizedException("invalid_api_key", "the API key is not known", "ApiKey realm=\"tiddly\"");
            }
            return new Identity(role, Optional.empty(), Map.of("role", role));
        }
        if (authorization.isPresent()) {
            throw new UnauthorizedException("invalid_credentials",
                    "this server accepts no Authorization header (no auth is configured)", "Bearer realm=\"tiddly\"");
        }
        return Identity.ANONYMOUS;
    }
}
