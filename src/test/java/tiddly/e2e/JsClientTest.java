package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.Node;
import tiddly.testing.TiddlyServer;

/**
 * The JavaScript client (clients/js/tiddly.js) passes its own tests, {@code node --test
 * clients/js/test/}, against two real servers: one open, and one with rules, sign-in, an API key
 * and tokens that live 4 seconds (so that renewals happen during the run).
 */
class JsClientTest {
    static final String API_KEY = "js-client-tests-admin-key-5f3a9c1e7b";

    @RegisterExtension
    final TiddlyServer open = TiddlyServer.sample();

    @RegisterExtension
    final TiddlyServer secured = TiddlyServer.sample().withConfig("""
            {"auth": {"jwt_secret": "js-client-tests-7Hq2xVb9LmR4pTz8WcY3nKd6", "token_ttl_seconds": 4,
                      "login_attempts_per_minute": 1000,
                      "users": {"table": "user", "identity": "email", "password": "password"},
                      "api_keys": {"%s": "admin"}},
             "rules": {"anon": {"book": {"read": true}},
                       "user": {"*": {"read": true}, "book": {"read": true, "insert": true, "update": true, "delete": true}},
                       "admin": {"*": {"read": true, "insert": true, "update": true, "delete": true}}}}""".formatted(API_KEY));

    @Test
    void theJavaScriptClientPassesItsNodeTestsAgainstTheRunningServer() throws Exception {
        Node.assumeInstalled();
        Node.Run run = Node.test(
                Path.of("clients", "js", "test"),
                Map.of(
                        "TIDDLY_URL", "http://127.0.0.1:" + open.port(),
                        "TIDDLY_AUTH_URL", "http://127.0.0.1:" + secured.port(),
                        "TIDDLY_API_KEY", API_KEY));
        assertEquals(0, run.exitStatus(), run.output());
        assertTrue(run.output().contains("# fail 0"), run.output());
    }
}
