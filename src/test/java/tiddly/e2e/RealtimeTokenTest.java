package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * A stream's token: in ?access_token= (EventSource cannot send headers); when it expires the
 * stream sends auth_expired and ends, and the client resumes with a new token and its last id.
 */
class RealtimeTokenTest {
    private static final String SECRET = "an-hs256-secret-of-at-least-32-bytes!";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig("""
                    {"auth": {"jwt_secret": "%s", "api_keys": {"admin-key-0123456789abcdef": "admin"}},
                     "rules": {"reader": {"genre": {"read": true}}, "admin": {"*": {"read": true, "insert": true}}}}""".formatted(SECRET));

    private static String token(Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                new JWTClaimsSet.Builder()
                        .subject("r1")
                        .claim("role", "reader")
                        .expirationTime(Date.from(expires))
                        .build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private void insertGenre(String code) {
        server.http()
                .header("X-API-Key", "admin-key-0123456789abcdef")
                .body("{\"code\": \"" + code + "\", \"name\": \"N\"}")
                .when()
                .post("/genre")
                .then()
                .statusCode(201);
    }

    @Test
    void aTokenInTheQueryStringOpensAStreamAndIsNoFilterParameter() throws Exception {
        String token = token(Instant.now().plusSeconds(3600));
        try (SseClient events = SseClient.get(server.port(), "/genre?access_token=" + token)) {
            assertEquals(200, events.status());
            events.ready();
            insertGenre("t");
            assertEquals("t", events.next("insert").row().get("code").getAsString());
        }
        SseClient without = SseClient.get(server.port(), "/genre");
        assertEquals(401, without.status());
    }

    @Test
    void anExpiredTokenEndsTheStreamWithAuthExpiredAndANewOneResumesWhereItLeftOff() throws Exception {
        String last;
        try (SseClient events = SseClient.get(
                server.port(), "/genre?access_token=" + token(Instant.now().plusSeconds(3)))) {
            last = events.ready().id().orElseThrow();
            events.next("auth_expired");
            assertTrue(events.ended(), "the stream ends after auth_expired");
        }
        insertGenre("missed");
        try (SseClient events = SseClient.get(
                server.port(),
                "/genre?access_token=" + token(Instant.now().plusSeconds(3600)),
                Map.of("Last-Event-ID", last))) {
            assertEquals("missed", events.next("insert").row().get("code").getAsString());
            events.ready();
        }
    }
}
