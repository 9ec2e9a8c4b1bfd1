package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tiddly.testing.Streams.await;
import static tiddly.testing.Streams.awaitStreams;
import static tiddly.testing.Streams.where;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.hook.Hooks;
import tiddly.permission.Verb;
import tiddly.testing.SseClient;
import tiddly.testing.Streams;
import tiddly.testing.TiddlyServer;

/**
 * A stream whose filter asks the database (a {@code has}) gets its events on a thread of its own,
 * so however slow its work, other streams' events do not wait for it (security.md, attack review of
 * 2026-12-03 evening); its own events keep their order; and when more changes wait for it than
 * {@code buffer}, it is cut as a client too slow to read is, and resumes without loss. The slow
 * work is held, deterministically, by an after read hook that waits on a latch: a {@code has}
 * subscriber's whole delivery, its queries and its hooks, runs where that hook runs. The hook's
 * wait is only a bound for the failure.
 */
class RealtimeHasFilterTest {
    private static final String HELD = "Held";

    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean releasedByTest = new AtomicBoolean();

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withStatementTimeout(Duration.ofSeconds(120))
                    .withRealtime(settings.realtime().withBuffer(3)))
            .withHooks(Hooks.builder()
                    .after(
                            "book",
                            read -> {
                                boolean held = read.rows().stream().anyMatch(row -> HELD.equals(row.get("title")));
                                if (held && holding.getCount() > 0) {
                                    holding.countDown();
                                    releasedByTest.set(await(release));
                                }
                            },
                            Verb.READ)
                    .build());

    private SseClient stream(String path) {
        return Streams.open(server, path);
    }

    private SseClient byLeGuin() {
        return stream("/book" + where("{\"author\": {\"has\": {\"name\": \"Ursula K. Le Guin\"}}}"));
    }

    private int insert(String title, int author) {
        return Streams.insert(server, "book", "{\"title\": \"" + title + "\", \"author_id\": " + author + "}");
    }

    private static String title(SseClient.Event event) {
        return event.row().get("title").getAsString();
    }

    @Test
    void anotherStreamGetsItsEventsWhileAHasStreamsDeliveryIsHeldAndTheHasStreamKeepsItsOrder()
            throws InterruptedException {
        try (SseClient asking = byLeGuin();
                SseClient plain = stream("/book" + where("{\"author_id\": 2}"))) {
            asking.ready();
            plain.ready();
            insert(HELD, 1);
            assertTrue(holding.await(30, TimeUnit.SECONDS), "the has stream's delivery is held");
            insert("Plain", 2);
            assertEquals("Plain", title(plain.next("insert"))); // before the fix: not while the feed was held
            insert("After", 1);
            release.countDown();
            assertEquals(HELD, title(asking.next("insert")));
            assertEquals("After", title(asking.next("insert")));
        }
        assertTrue(releasedByTest.get(), "the other stream's event came while the has stream's was held");
    }

    @Test
    void aHasStreamThatMoreChangesWaitForThanItsBufferIsCutAndResumesWithoutLoss() throws InterruptedException {
        String last;
        try (SseClient asking = byLeGuin();
                SseClient plain = stream("/book" + where("{\"author_id\": 2}"))) {
            last = asking.ready().id().orElseThrow();
            plain.ready();
            int held = insert(HELD, 1);
            assertTrue(holding.await(30, TimeUnit.SECONDS), "the has stream's delivery is held");
            for (int i = 1; i <= 5; i++) { // each is a change the has stream must be checked against
                insert("Next " + i, 2);
                assertEquals("Next " + i, title(plain.next("insert")));
            }
            assertEquals(Optional.empty(), asking.nextUntilEnd(), "the has stream was cut, its event still held");
            // resumed at once, as a client does, while the backlog still waits: queued behind it, not cut again
            try (SseClient resumed = SseClient.get(
                    server.port(),
                    "/book" + where("{\"author\": {\"has\": {\"name\": \"Ursula K. Le Guin\"}}}"),
                    Map.of("Last-Event-ID", last))) {
                assertEquals(200, resumed.status());
                awaitStreams(server, 2); // subscribed (before the fix: cut at once, the backlog being full)
                release.countDown();
                SseClient.Event insert = resumed.next("insert");
                assertEquals(held, insert.row().get("id").getAsInt());
                resumed.ready();
                insert("Live", 1);
                assertEquals("Live", title(resumed.next("insert")));
            }
        }
        assertTrue(releasedByTest.get(), "the other stream's events came while the has stream's was held");
    }
}
