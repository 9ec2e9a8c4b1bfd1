package tiddly.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tiddly.StartupException;

class TokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);

    private static AuthConfig config(Optional<String> secret, Optional<String> publicKey) {
        return new AuthConfig(
                secret,
                publicKey,
                Duration.ofHours(1),
                Optional.of(new UsersTable("user", "email", "password", Optional.empty(), "member")),
                Map.of(),
                10);
    }

    private Tokens withSecret() {
        return new Tokens(config(Optional.of(SECRET), Optional.empty()), clock);
    }

    private static String sign(JWSAlgorithm algorithm, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims(String subject, Instant expires) {
        return new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expires));
    }

    private static String message(Tokens tokens, String token) {
        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> tokens.verify(token));
        assertEquals("invalid_token", e.code());
        assertEquals(401, e.status());
        assertEquals(
                "Bearer realm=\"tiddly\", error=\"invalid_token\"", e.headers().get("WWW-Authenticate"));
        return e.getMessage();
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void anIssuedTokenVerifiesAsItsUserAndRoleUntilItExpires() {
        Tokens tokens = withSecret();
        Token token = tokens.issue("7", "editor", "stamp");
        assertEquals(NOW.plus(Duration.ofHours(1)), token.expiresAt());
        Identity identity = tokens.verify(token.value());
        assertEquals("editor", identity.role());
        assertEquals(Optional.of("7"), identity.subject());
        assertEquals(NOW.getEpochSecond(), identity.claims().get("iat"));
        assertEquals(
                NOW.plus(Duration.ofHours(1)).getEpochSecond(),
                identity.claims().get("exp"));

        clock.advance(Duration.ofHours(1).plus(Tokens.LEEWAY).plusSeconds(1));
        assertTrue(message(tokens, token.value()).startsWith("the bearer token expired at 2026-01-01T13:00:00Z"));
    }

    @Test
    void aTokenFromAnotherIssuerWithTheSecretIsAcceptedWithItsClaims() throws Exception {
        String token = sign(
                JWSAlgorithm.HS256,
                new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)),
                claims("42", NOW.plusSeconds(60))
                        .claim("team", "blue")
                        .claim("level", 3)
                        .claim("admin", true)
                        .claim("groups", List.of("a", "b"))
                        .build());
        Identity identity = withSecret().verify(token);
        assertEquals("member", identity.role(), "no role claim: the default role");
        assertEquals(Optional.of("42"), identity.subject());
        assertEquals("blue", identity.claim("team").orElseThrow());
        assertEquals(3L, ((Number) identity.claim("level").orElseThrow()).longValue());
        assertEquals(true, identity.claim("admin").orElseThrow());
        assertEquals(Optional.empty(), identity.claim("groups"), "arrays have no place in a row rule");
    }

    @Test
    void aTamperedTokenIsRefused() {
        Tokens tokens = withSecret();
        String[] parts = tokens.issue("7", "user", "stamp").value().split("\\.");
        String admin = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"sub\":\"7\",\"role\":\"admin\",\"exp\":"
                                + NOW.plusSeconds(600).getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "the bearer token's signature does not match",
                message(tokens, parts[0] + "." + admin + "." + parts[2]));
        char last = parts[2].charAt(0);
        String signature = (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
        assertEquals(
                "the bearer token's signature does not match",
                message(tokens, parts[0] + "." + parts[1] + "." + signature));
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(("{\"sub\":\"1\",\"role\":\"admin\",\"exp\":"
                        + NOW.plusSeconds(600).getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("the bearer token is not a signed JWT", message(withSecret(), header + "." + payload + "."));
        assertEquals("the bearer token is not a signed JWT", message(withSecret(), header + "." + payload));
    }

    @Test
    void garbageIsRefused() {
        assertEquals("the bearer token is not a signed JWT", message(withSecret(), "not-a-token"));
        assertEquals("the bearer token is not a signed JWT", message(withSecret(), ""));
    }

    @Test
    void aTokenSignedWithAnotherAlgorithmThanTheKeysIsRefused() throws Exception {
        byte[] longSecret = (SECRET + SECRET).getBytes(StandardCharsets.UTF_8);
        String hs512 = sign(
                JWSAlgorithm.HS512,
                new MACSigner(longSecret),
                claims("1", NOW.plusSeconds(60)).build());
        Tokens tokens = new Tokens(config(Optional.of(SECRET + SECRET), Optional.empty()), clock);
        assertEquals("the bearer token is signed with HS512; this server accepts only HS256", message(tokens, hs512));

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        String rs256 = sign(
                JWSAlgorithm.RS256,
                new RSASSASigner(rsa.getPrivate()),
                claims("1", NOW.plusSeconds(60)).build());
        assertEquals(
                "the bearer token is signed with RS256; this server accepts only HS256", message(withSecret(), rs256));
    }

    @Test
    void thePublicKeyIsNeverUsedAsAnHmacSecret() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = pem(generator.generateKeyPair().getPublic());
        String confused = sign(
                JWSAlgorithm.HS256,
                new MACSigner(pem.getBytes(StandardCharsets.UTF_8)),
                claims("1", NOW.plusSeconds(60)).build());
        Tokens tokens = new Tokens(config(Optional.empty(), Optional.of(pem)), clock);
        assertEquals(
                "the bearer token is signed with HS256; this server accepts only RS256", message(tokens, confused));
    }

    @Test
    void rs256TokensVerifyWithTheConfiguredPublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Tokens tokens = new Tokens(config(Optional.of(SECRET), Optional.of(pem(keys.getPublic()))), clock);
        String token = sign(
                JWSAlgorithm.RS256,
                new RSASSASigner(keys.getPrivate()),
                claims("alice", NOW.plusSeconds(60)).claim("role", "admin").build());
        Identity identity = tokens.verify(token);
        assertEquals("admin", identity.role());
        assertEquals(Optional.of("alice"), identity.subject());
        assertEquals(
                "user",
                tokens.verify(tokens.issue("1", "user", "stamp").value()).role(),
                "HS256 still works beside it");

        KeyPair other = generator.generateKeyPair();
        String forged = sign(
                JWSAlgorithm.RS256,
                new RSASSASigner(other.getPrivate()),
                claims("alice", NOW.plusSeconds(60)).build());
        assertEquals("the bearer token's signature does not match", message(tokens, forged));
    }

    @Test
    void es256TokensVerifyWithTheConfiguredPublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        Tokens tokens = new Tokens(config(Optional.empty(), Optional.of(pem(keys.getPublic()))), clock);
        String token = sign(
                JWSAlgorithm.ES256,
                new ECDSASigner(keys.getPrivate(), com.nimbusds.jose.jwk.Curve.P_256),
                claims("bob", NOW.plusSeconds(60)).claim("role", "editor").build());
        assertEquals("editor", tokens.verify(token).role());
        String hs256 = sign(
                JWSAlgorithm.HS256,
                new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)),
                claims("bob", NOW.plusSeconds(60)).build());
        assertEquals("the bearer token is signed with HS256; this server accepts only ES256", message(tokens, hs256));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        String token = sign(
                JWSAlgorithm.HS256,
                new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)),
                new JWTClaimsSet.Builder().subject("1").claim("role", "admin").build());
        assertEquals("the bearer token has no expiry time (exp)", message(withSecret(), token));
    }

    @Test
    void expiryAllowsThirtySecondsOfClockSkewAndNoMore() throws Exception {
        MACSigner signer = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
        String justExpired = sign(
                JWSAlgorithm.HS256, signer, claims("1", NOW.minusSeconds(20)).build());
        assertEquals("member", withSecret().verify(justExpired).role());
        String expired = sign(
                JWSAlgorithm.HS256, signer, claims("1", NOW.minusSeconds(31)).build());
        assertEquals("the bearer token expired at 2026-01-01T11:59:29Z", message(withSecret(), expired));
        String early = sign(
                JWSAlgorithm.HS256,
                signer,
                claims("1", NOW.plusSeconds(600))
                        .notBeforeTime(Date.from(NOW.plusSeconds(300)))
                        .build());
        assertEquals("the bearer token is not valid before 2026-01-01T12:05:00Z", message(withSecret(), early));
    }

    @Test
    void aRoleThatIsNotAStringOrASubjectThatIsAnObjectIsRefused() throws Exception {
        MACSigner signer = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "the bearer token's role claim is not a non-empty string",
                message(
                        withSecret(),
                        sign(
                                JWSAlgorithm.HS256,
                                signer,
                                claims("1", NOW.plusSeconds(60))
                                        .claim("role", List.of("admin"))
                                        .build())));
        String numericSubject = sign(
                JWSAlgorithm.HS256,
                signer,
                new JWTClaimsSet.Builder()
                        .claim("sub", 12)
                        .expirationTime(Date.from(NOW.plusSeconds(60)))
                        .build());
        assertEquals(Optional.of("12"), withSecret().verify(numericSubject).subject(), "a number, as rules compare it");
        assertEquals(
                "the bearer token is not a signed JWT",
                message(
                        withSecret(),
                        sign(
                                JWSAlgorithm.HS256,
                                signer,
                                new JWTClaimsSet.Builder()
                                        .claim("sub", Map.of("id", 1))
                                        .expirationTime(Date.from(NOW.plusSeconds(60)))
                                        .build())));
    }

    @Test
    void aShortSecretOrAnUnreadableKeyRefusesToStart() throws Exception {
        assertEquals(
                "auth.jwt_secret is shorter than 32 bytes: HS256 needs at least 256 random bits",
                assertThrows(
                                StartupException.class,
                                () -> new Tokens(config(Optional.of("too short"), Optional.empty()), clock))
                        .getMessage());
        assertThrows(
                StartupException.class, () -> new Tokens(config(Optional.empty(), Optional.of("not a key")), clock));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        assertEquals(
                "auth.jwt_public_key is an EC key on another curve than P-256, which ES256 needs",
                assertThrows(
                                StartupException.class,
                                () -> new Tokens(
                                        config(
                                                Optional.empty(),
                                                Optional.of(pem(generator
                                                        .generateKeyPair()
                                                        .getPublic()))),
                                        clock))
                        .getMessage());
    }
}
