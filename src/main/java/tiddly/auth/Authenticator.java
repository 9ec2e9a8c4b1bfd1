package tiddly.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tiddly.query.Fetch;
import tiddly.query.Query;
import tiddly.schema.Schema;
import tiddly.sql.Database;

/**
 * Credentials → {@link Identity}: a static API key (X-API-Key), a bearer token, or HTTP Basic;
 * none is the anonymous role. Credentials that do not check out are a 401, never anonymous.
 * Also answers /_login, and hashes the passwords written to the users table.
 */
public final class Authenticator {
    private static final String BASIC = "Basic realm=\"tiddly\"";
    private static final String BEARER = "Bearer realm=\"tiddly\"";

    /** A static key's SHA-256, and the role it acts as. */
    private record ApiKey(byte[] digest, String role) {}

    private final List<ApiKey> apiKeys = new ArrayList<>();
    private final Tokens tokens;
    private final Optional<Users> users;
    private final Optional<UserStamps> stamps;
    private LoginRateLimiter logins;
    private final PasswordHashing hashing;

    /** Checks the configuration against the schema: a StartupException if it names what is not there. */
    public Authenticator(AuthConfig config, Schema schema, Database database) {
        this(config, schema, database, Clock.systemUTC());
    }

    Authenticator(AuthConfig config, Schema schema, Database database, Clock clock) {
        Passwords passwords = new Passwords();
        config.apiKeys().forEach((key, role) -> apiKeys.add(new ApiKey(digest(key), role)));
        this.tokens = new Tokens(config, clock);
        this.users = config.users().map(table -> new Users(table, schema, database, passwords));
        this.stamps = users.flatMap(table -> config.jwtSecret()
                .map(secret -> new UserStamps(table, secret.getBytes(StandardCharsets.UTF_8), clock)));
        this.logins = new LoginRateLimiter(config.loginAttemptsPerMinute(), LoginRateLimiter.MAX_ADDRESSES, clock);
        this.hashing = new PasswordHashing(config.users(), passwords);
    }

    /**
     * @param authorizations the Authorization headers: none, or one
     * @param apiKeys the X-API-Key headers: none, or one
     * @param address the client's address: failed Basic attempts count against /_login's limit
     */
    public Identity identify(List<String> authorizations, List<String> apiKeys, String address) {
        if (authorizations.size() + apiKeys.size() > 1) {
            // Which one would count is a guess; a bad one beside a good one must not pass unseen.
            throw new AmbiguousCredentialsException(authorizations.size(), apiKeys.size());
        }
        Optional<String> apiKey = apiKeys.stream().findFirst();
        Optional<String> authorization = authorizations.stream().findFirst();
        if (apiKey.isPresent()) {
            String role = role(apiKey.get())
                    .orElseThrow(() -> new UnauthorizedException(
                            "invalid_api_key", "the API key is not known", "ApiKey realm=\"tiddly\""));
            return new Identity(role, Optional.empty(), Map.of("role", role));
        }
        if (authorization.isEmpty()) {
            return Identity.ANONYMOUS;
        }
        String header = authorization.get().strip();
        int space = header.indexOf(' ');
        String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
        String value = space < 0 ? "" : header.substring(space + 1).strip();
        if (scheme.equals("bearer")) {
            if (!tokens.enabled()) {
                throw Tokens.invalid("this server accepts no bearer tokens: no auth.jwt_secret or auth.jwt_public_key"
                        + " is configured");
            }
            Identity identity = tokens.verify(value);
            stamps.ifPresent(current -> current.check(identity));
            return identity;
        }
        if (scheme.equals("basic")) {
            return basic(value, address);
        }
        throw new UnauthorizedException(
                "invalid_credentials",
                "the Authorization scheme is not supported: use Bearer" + (users.isPresent() ? " or Basic" : ""),
                BEARER);
    }

    /**
     * {@code POST /_login}: a token for the user the body names, if the password matches.
     *
     * @param address the client's address, whose attempts per minute are limited
     * @param body {@code {"email": "…", "password": "…"}}, with the configured identity column
     */
    public Token login(String address, String body) {
        if (users.isEmpty() || !tokens.issuing()) {
            throw LoginException.notConfigured();
        }
        Credentials credentials = Credentials.parse(body, users.get().identityName());
        if (!Passwords.fits(credentials.password())) {
            throw LoginException.invalidBody("'password' is longer than " + Passwords.MAX_BYTES
                    + " bytes in UTF-8: no stored password is, so it cannot match");
        }
        logins.attempt(address);
        Users.User user = users.get()
                .check(credentials.name(), credentials.password())
                .orElseThrow(() -> wrongCredentials(BEARER));
        return tokens.issue(user.subject(), user.role(), stamps.orElseThrow().of(user));
    }

    /**
     * Whether {@code identity}, accepted earlier, still holds: a token from {@code /_login} whose
     * user was deleted, or whose password or role changed since, does not. For a stream that
     * outlives the request that opened it.
     */
    public boolean stillValid(Identity identity) {
        try {
            stamps.ifPresent(current -> current.check(identity));
            return true;
        } catch (UnauthorizedException revoked) {
            return false;
        }
    }

    /**
     * Called once a write has committed: a write to the users table revokes, from now on, the
     * tokens of the users it deleted or whose password or role it changed.
     */
    public void committed(Query query) {
        if (!(query instanceof Fetch)
                && users.isPresent()
                && query.table().name().equals(users.get().table().name())) {
            stamps.ifPresent(UserStamps::usersWritten);
        }
    }

    /** How callers may sign in on this server. */
    public SignIn signIn() {
        return new SignIn(
                tokens.enabled(),
                users.isPresent(),
                !apiKeys.isEmpty(),
                tokens.issuing() ? users.map(Users::identityName) : Optional.empty());
    }

    /**
     * Takes over {@code previous}'s sign-in counts, when both allow as many attempts, so that
     * reloading the schema does not give an attacker a fresh minute. Call before serving.
     */
    public void continueFrom(Authenticator previous) {
        if (previous.logins.perMinute() == logins.perMinute()) {
            logins = previous.logins;
        }
    }

    /** The step that hashes passwords written to the users table. */
    public PasswordHashing passwordHashing() {
        return hashing;
    }

    private Identity basic(String value, String address) {
        if (users.isEmpty()) {
            throw new UnauthorizedException(
                    "invalid_credentials",
                    "this server accepts no Basic credentials: no auth.users is configured",
                    BEARER);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException("invalid_credentials", "the Basic credentials are not base64", BASIC);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new UnauthorizedException(
                    "invalid_credentials", "the Basic credentials are not 'name:password' in base64", BASIC);
        }
        String password = decoded.substring(colon + 1);
        if (!Passwords.fits(password)) {
            throw new UnauthorizedException(
                    "invalid_credentials",
                    "the Basic password is longer than " + Passwords.MAX_BYTES + " bytes in UTF-8, so it cannot match",
                    BASIC);
        }
        // Basic guesses are as dear as /_login ones: one shared limit. Counted before the check, so
        // that concurrent guesses cannot all pass while the first ones are still being checked.
        logins.attempt(address);
        Optional<Users.User> checked = users.get().check(decoded.substring(0, colon), password);
        if (checked.isEmpty()) {
            throw wrongCredentials(BASIC);
        }
        logins.forgive(address); // only failures stay counted, so a signed-in client is not throttled
        Users.User user = checked.get();
        Map<String, Object> claims = new LinkedHashMap<>(Map.of("sub", user.subject(), "role", user.role()));
        // the stamp a token from /_login would carry: a stream opened with Basic ends, as a token's
        // does, once the user is deleted or their password or role changes
        stamps.ifPresent(current -> claims.put(UserStamps.CLAIM, current.of(user)));
        return new Identity(user.role(), Optional.of(user.subject()), claims);
    }

    /** The same answer for an unknown user and a wrong password: which one it was stays unsaid. */
    private UnauthorizedException wrongCredentials(String challenge) {
        return new UnauthorizedException(
                "invalid_credentials", "wrong " + users.orElseThrow().identityName() + " or password", challenge);
    }

    /** The role of an API key; every key is compared, in constant time, so timing tells nothing. */
    private Optional<String> role(String key) {
        byte[] given = digest(key);
        String found = null;
        for (ApiKey apiKey : apiKeys) {
            if (MessageDigest.isEqual(given, apiKey.digest()) && found == null) {
                found = apiKey.role();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
