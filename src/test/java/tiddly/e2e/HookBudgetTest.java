package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.hook.Hooks;
import tiddly.permission.Verb;
import tiddly.testing.TiddlyServer;

/** A hook slower than the statement timeout fails its operation, and the write rolls back. */
class HookBudgetTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withStatementTimeout(Duration.ofSeconds(1)))
            .withHooks(Hooks.builder()
                    .after(
                            "genre",
                            written -> {
                                try {
                                    Thread.sleep(1500); // longer than the budget, whatever the machine's load
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            Verb.INSERT)
                    .build());

    @Test
    void aHookLongerThanTheStatementTimeoutIsA503AndNothingIsWritten() {
        server.http()
                .body("{\"code\": \"slow\", \"name\": \"Slow\"}")
                .post("/genre")
                .then()
                .statusCode(503)
                .body("code", equalTo("hook_timeout"));
        assertEquals(0, server.scalar("SELECT count(*) FROM genre WHERE code = 'slow'"));
    }
}
