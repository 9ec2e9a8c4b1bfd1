package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;

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
 * The hostile review of 2026-12-03 evening (docs/security.md): a bearer token in {@code
 * ?access_token=} is a credential for a stream only, since only EventSource needs it. Any request
 * that sent {@code Accept: text/event-stream} used to have it taken, so an admin token in a URL
 * downloaded {@code /_backup} and read {@code /_metrics} and every other reserved route.
 */
class UrlTokenAttackTest {
    private static final String SECRET = "a-url-token-attack-secret-of-32-bytes!";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig("""
                    {"auth": {"jwt_secret": "%s"},
                     "rules": {"admin": {"*": {"read": true}}}}""".formatted(SECRET));

    private static String adminToken() throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                new JWTClaimsSet.Builder()
                        .subject("a1")
                        .claim("role", "admin")
                        .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                        .build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    @Test
    void aTokenInTheUrlOfAReservedRouteIsNoCredentialEvenWithAnEventStreamAccept() throws Exception {
        String token = adminToken();
        for (String path : new String[] {"/_backup", "//_backup", "/_metrics", "/_slow_queries"}) {
            server.http()
                    .urlEncodingEnabled(false)
                    .header("Accept", "text/event-stream")
                    .queryParam("access_token", token)
                    .when()
                    .get(path)
                    .then()
                    .statusCode(401)
                    .body("code", equalTo("unauthenticated"));
        }
        server.http()
                .header("Accept", "text/event-stream")
                .queryParam("access_token", token)
                .when()
                .get("/_info")
                .then()
                .statusCode(200)
                .body("data.tables", equalTo(0)); // anonymous: no table to read, no version
    }

    @Test
    void aTokenInTheUrlStillOpensAStreamOfATable() throws Exception {
        try (SseClient events = SseClient.get(server.port(), "/genre?access_token=" + adminToken(), Map.of())) {
            events.ready();
        }
    }
}
