package tiddly.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tiddly.StartupException;

/**
 * JWTs: signs the tokens /_login issues (HS256 with the secret) and turns bearer tokens into
 * identities. A token is accepted only when signed with the algorithm its key is for (HS256 for
 * the secret, RS256 or ES256 for the public key), unexpired, and with an {@code exp}; anything else,
 * {@code alg: none} included, is a 401. Clocks may differ by {@link #LEEWAY} between issuers.
 */
final class Tokens {
    static final Duration LEEWAY = Duration.ofSeconds(30);
    static final String CHALLENGE = "Bearer realm=\"tiddly\", error=\"invalid_token\"";

    private final Optional<byte[]> secret;
    private final Map<JWSAlgorithm, JWSVerifier> verifiers;
    private final Duration ttl;
    private final String defaultRole;
    private final Clock clock;

    Tokens(AuthConfig config, Clock clock) {
        this.secret = config.jwtSecret().map(text -> text.getBytes(StandardCharsets.UTF_8));
        if (secret.isPresent() && secret.get().length < 32) {
            throw new StartupException(
                    "auth.jwt_secret is shorter than 32 bytes: HS256 needs at least 256 random bits");
        }
        this.verifiers = verifiers(secret, config.jwtPublicKey().map(PublicKeys::parse));
        this.ttl = config.tokenTtl();
        this.defaultRole = config.users().map(UsersTable::defaultRole).orElse("user");
        this.clock = clock;
        if (ttl.isNegative() || ttl.isZero()) {
            throw new StartupException("auth.token_ttl_seconds must be positive");
        }
    }

    /** Whether bearer tokens can be checked at all. */
    boolean enabled() {
        return !verifiers.isEmpty();
    }

    /** Whether tokens can be issued: a secret is configured. */
    boolean issuing() {
        return secret.isPresent();
    }

    /**
     * A token for {@code subject} acting as {@code role}, valid for the configured time from now,
     * and only while the user's {@code stamp} stays the same (see {@link UserStamps}).
     */
    Token issue(String subject, String role, String stamp) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // JWT times are whole seconds
        Instant expires = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("role", role)
                .claim(UserStamps.CLAIM, stamp)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new MACSigner(secret.orElseThrow()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with the configured secret", e);
        }
        return new Token(jwt.serialize(), expires);
    }

    /** The identity a bearer token carries, or an {@link UnauthorizedException} saying what is wrong with it. */
    Identity verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("the bearer token is not a signed JWT");
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        JWSVerifier verifier = verifiers.get(algorithm);
        if (verifier == null) {
            throw invalid("the bearer token is signed with " + algorithm + "; this server accepts only "
                    + verifiers.keySet().stream().map(JWSAlgorithm::getName).collect(Collectors.joining(" and ")));
        }
        try {
            if (!jwt.verify(verifier)) {
                throw invalid("the bearer token's signature does not match");
            }
        } catch (JOSEException e) {
            throw invalid("the bearer token's signature cannot be checked");
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw invalid("the bearer token has no expiry time (exp)");
        }
        if (expires.toInstant().plus(LEEWAY).isBefore(now)) {
            throw invalid("the bearer token expired at " + expires.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(LEEWAY).isAfter(now)) {
            throw invalid("the bearer token is not valid before " + notBefore.toInstant());
        }
        return identity(claims);
    }

    private Identity identity(JWTClaimsSet claims) {
        String subject = claims.getSubject(); // a number is read as its text; an object fails to parse
        Object role = claims.getClaim("role");
        if (role != null && !(role instanceof String text && !text.isEmpty())) {
            throw invalid("the bearer token's role claim is not a non-empty string");
        }
        Map<String, Object> values = new HashMap<>();
        claims.getClaims().forEach((name, value) -> {
            if (value instanceof Date date) {
                values.put(name, date.toInstant().getEpochSecond());
            } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                values.put(name, value); // objects and arrays have no place in a row rule
            }
        });
        String actual = role == null ? defaultRole : (String) role;
        values.put("role", actual);
        return new Identity(actual, Optional.ofNullable(subject), values);
    }

    /** The one verifier for each accepted algorithm: the secret's, and the public key's. */
    private static Map<JWSAlgorithm, JWSVerifier> verifiers(Optional<byte[]> secret, Optional<PublicKey> publicKey) {
        Map<JWSAlgorithm, JWSVerifier> verifiers = new LinkedHashMap<>();
        try {
            if (secret.isPresent()) {
                verifiers.put(JWSAlgorithm.HS256, new MACVerifier(secret.get()));
            }
            if (publicKey.orElse(null) instanceof RSAPublicKey rsa) {
                verifiers.put(JWSAlgorithm.RS256, new RSASSAVerifier(rsa));
            } else if (publicKey.orElse(null) instanceof ECPublicKey ec) {
                verifiers.put(JWSAlgorithm.ES256, new ECDSAVerifier(ec));
            }
        } catch (JOSEException e) {
            throw new StartupException("cannot verify tokens with the configured key: " + e.getMessage(), e);
        }
        return verifiers;
    }

    static UnauthorizedException invalid(String message) {
        return new UnauthorizedException("invalid_token", message, CHALLENGE);
    }
}
