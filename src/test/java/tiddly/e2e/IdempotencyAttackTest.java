package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * The hostile review of Idempotency-Key (docs/security.md, "Attack review, 2026-12-03
 * afternoon"): a stored answer goes back only to the caller it was made for, as that caller's
 * role sees it, whatever the caller's name looks like.
 */
class IdempotencyAttackTest {
    private static final String SECRET = "an-idempotency-attack-secret-of-32-bytes-or-more";
    private static final String CONFIG = """
            {"auth": {"jwt_secret": "%s"},
             "rules": {
               "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}},
               "user": {"*": {"read": true, "insert": true}, "user": {"read": true, "hidden": ["email"]}}
             }}""".formatted(SECRET);

    private static final String BATCH = """
            [{"method": "POST", "table": "author", "body": {"name": "Keyed"}},
             {"method": "GET", "table": "user", "key": 1}]""";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig(CONFIG);

    /** A token of another issuer that shares the secret (no user_stamp): its claims are taken as they are. */
    private RequestSpecification as(String subject, String role) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                new JWTClaimsSet.Builder()
                        .subject(subject)
                        .claim("role", role)
                        .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                        .build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return server.http().header("Authorization", "Bearer " + jwt.serialize());
    }

    /**
     * The same sub under another role (a user demoted, or one name in two roles of an identity
     * provider) must not be handed the answer stored for the first role: it held a column the
     * second may not see, and a batch's replay checks no rule.
     */
    @Test
    void aKeyedAnswerIsNotReplayedToTheSameSubjectUnderAnotherRole() throws Exception {
        as("7", "admin")
                .header("Idempotency-Key", "batch-1")
                .body(BATCH)
                .post("/_batch")
                .then()
                .statusCode(200)
                .body("data[1].data.email", equalTo("alice@example.com"));
        as("7", "user")
                .header("Idempotency-Key", "batch-1")
                .body(BATCH)
                .post("/_batch")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", nullValue())
                .body("data[1].data", not(hasKey("email")));
    }

    /**
     * A sub is whatever the token says: long, or not ASCII. Its keys must still work and stay its
     * own (MariaDB keeps scopes in an ASCII column of 255 characters).
     */
    @Test
    void aLongOrNonAsciiSubjectKeepsItsKeysWorking() throws Exception {
        String subject = "ü".repeat(300);
        for (String replayed : new String[] {null, "true"}) {
            as(subject, "admin")
                    .header("Idempotency-Key", "long-1")
                    .body("{\"name\": \"Long\"}")
                    .post("/author")
                    .then()
                    .statusCode(201)
                    .header("Idempotent-Replayed", equalTo(replayed));
        }
        as(subject.substring(1) + "x", "admin")
                .header("Idempotency-Key", "long-1")
                .body("{\"name\": \"Long\"}")
                .post("/author")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", nullValue());
    }
}
