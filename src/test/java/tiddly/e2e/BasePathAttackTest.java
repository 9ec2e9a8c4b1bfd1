package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.RawHttp;
import tiddly.testing.TiddlyServer;

/**
 * The hostile review of {@code --base-path} (docs/security.md, "Attack review, 2026-12-03
 * afternoon"): paths that climb out of the prefix, sent as they are (REST-assured would tidy them).
 */
class BasePathAttackTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withBasePath("/api"));

    @Test
    void aPathThatClimbsOutOfThePrefixIsA400EnvelopeNotA500() {
        RawHttp http = new RawHttp(server.port(), 10_000);
        for (String target : new String[] {"/api/../_admin", "/api/%2E%2E/_schema", "/api/..", "/api/x/../../book/1"}) {
            RawHttp.Answer answer = http.send("GET", target, Map.of(), "");
            assertEquals(400, answer.status(), target + ": " + answer.text());
            assertTrue(answer.text().contains("\"code\":\"bad_request\""), target + ": " + answer.text());
        }
    }
}
