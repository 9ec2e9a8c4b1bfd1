package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.RawHttp;
import tiddly.testing.RawHttp.Answer;
import tiddly.testing.TiddlyServer;

/**
 * Request lines that Jetty accepts but a client library would never send (issue 12, finding 6):
 * the authority form of CONNECT, the {@code *} target, absolute URIs. Each gets the JSON
 * envelope: never a bare status, never a 500.
 */
class OddRequestLinesTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void connectInAuthorityFormIsA400Envelope() {
        String authority = "127.0.0.1:" + server.port();
        Answer answer = send("CONNECT", authority);
        assertEquals(400, answer.status(), answer.text());
        assertEquals("bad_request", json(answer).getString("code"));
        assertEquals(
                "bad request: the request target '" + authority + "' is not a path; Tiddly is not a proxy and opens"
                        + " no tunnels",
                json(answer).getString("error"));
        assertEquals(200, send("GET", "/book/1").status()); // and the server still answers
    }

    @Test
    void everyConnectIsAnEnvelope() {
        for (String target : new String[] {"example.com:443", "[::1]:80", "*", "127.0.0.1"}) {
            Answer answer = send("CONNECT", target);
            assertEquals(400, answer.status(), target + ": " + answer.text());
            assertEquals("bad_request", json(answer).getString("code"), target);
        }
        Answer path = send("CONNECT", "/book");
        assertEquals(405, path.status(), path.text());
        assertEquals("method_not_allowed", json(path).getString("code"));
    }

    @Test
    void theAsteriskTargetIsForOptionsOnlyAndEveryOtherMethodGetsAnEnvelope() {
        for (String method :
                new String[] {"GET", "POST", "DELETE", "PUT", "FETCH", "QUERY", "TRACE", "PRI", "M-SEARCH"}) {
            Answer answer = send(method, "*");
            assertEquals(400, answer.status(), method + ": " + answer.text());
            assertEquals("bad_request", json(answer).getString("code"), method);
        }
        assertEquals(204, send("OPTIONS", "*").status());
    }

    @Test
    void theAuthorityFormWithOtherMethodsIsAnEnvelope() {
        for (String method : new String[] {"GET", "POST", "DELETE", "OPTIONS", "QUERY", "BREW"}) {
            Answer answer = send(method, "127.0.0.1:" + server.port());
            assertEquals(400, answer.status(), method + ": " + answer.text());
            assertEquals("bad_request", json(answer).getString("code"), method);
        }
    }

    @Test
    void anAbsoluteUriIsServedByItsPathWhateverItsHost() {
        String own = "http://127.0.0.1:" + server.port();
        for (String target : new String[] {own + "/book/1", "http://evil.example/book/1", "https://x/book/1"}) {
            Answer answer = send("GET", target);
            assertEquals(200, answer.status(), target + ": " + answer.text());
            assertEquals(1, json(answer).getInt("data.id"), target);
        }
        Answer root = send("GET", own);
        assertEquals(404, root.status(), root.text());
        assertEquals("no_route", json(root).getString("code"));
        for (String target : new String[] {own + "?x=1", "book", "?x=1", own + "*"}) {
            Answer answer = send("GET", target);
            assertEquals(400, answer.status(), target + ": " + answer.text());
            assertEquals("bad_request", json(answer).getString("code"), target);
        }
    }

    @Test
    void noOddRequestLineIsA500OrWithoutABody() {
        String authority = "127.0.0.1:" + server.port();
        String[][] lines = {
            {"CONNECT", authority},
            {"CONNECT", "*"},
            {"DELETE", "*"},
            {"PATCH", authority},
            {"HEAD", "*"},
            {"GET", "http://" + authority + "/_schema"},
            {"POST", "http://" + authority + "/_batch"},
            {"TRACE", "/book"},
            {"BREW", "/book/1"},
            {"GET", "//book"},
            {"GET", "/book/../_info"}
        };
        for (String[] line : lines) {
            Answer answer = send(line[0], line[1]);
            String shown = line[0] + " " + line[1] + ": " + answer.status() + " " + answer.text();
            assertTrue(answer.status() < 500, shown);
            if (!line[0].equals("HEAD")) {
                assertTrue(answer.header("Content-Type").startsWith("application/json"), shown);
                assertFalse(answer.text().isEmpty(), shown);
            }
        }
    }

    private Answer send(String method, String target) {
        return new RawHttp(server.port(), 10_000).send(method, target, Map.of(), method.equals("POST") ? "[]" : null);
    }

    private static JsonPath json(Answer answer) {
        return JsonPath.from(answer.text());
    }
}
