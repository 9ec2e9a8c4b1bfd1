package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tiddly.testing.Streams.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * A stream's snapshot is read in a read transaction that takes no write lock (security.md, attack
 * review of 2026-12-03 evening): a write made while a snapshot is still being read is answered at
 * once, and still reaches the stream exactly once, as an event after {@code ready}. The snapshot is
 * held mid-read by an after read hook that waits for the write, so nothing depends on timing: the
 * hook's wait is only a bound for the failure, which is the write waiting for the snapshot.
 */
class RealtimeSnapshotLockTest {
    private static final String SLOW = "Read slowly";

    private final CountDownLatch reading = new CountDownLatch(1);
    private final CountDownLatch written = new CountDownLatch(1);
    private final AtomicBoolean writtenWhileReading = new AtomicBoolean();

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withStatementTimeout(Duration.ofSeconds(120)))
            .withHooks(Hooks.builder()
                    .after(
                            "book",
                            read -> {
                                boolean slow = read.rows().stream().anyMatch(row -> SLOW.equals(row.get("title")));
                                if (slow && reading.getCount() > 0) {
                                    reading.countDown(); // the snapshot's transaction is open, mid-read
                                    writtenWhileReading.set(await(written));
                                }
                            },
                            Verb.READ)
                    .build());

    private int insert(String title) {
        return Streams.insert(server, "book", "{\"title\": \"" + title + "\", \"author_id\": 1}");
    }

    @Test
    void aWriteIsAnsweredWhileASnapshotIsStillBeingReadAndArrivesOnceAfterIt() throws InterruptedException {
        insert(SLOW);
        try (SseClient events = SseClient.get(server.port(), "/book?select=id,title&snapshot=true")) {
            assertEquals(200, events.status());
            assertTrue(reading.await(30, TimeUnit.SECONDS), "the snapshot began reading");
            int id = insert("Written meanwhile"); // before the fix: waited for the snapshot's write lock
            written.countDown();

            List<String> snapshot = new ArrayList<>();
            SseClient.Event event = events.next();
            while (event.name().equals("snapshot")) {
                snapshot.add(event.row().get("title").getAsString());
                event = events.next();
            }
            assertTrue(snapshot.contains(SLOW), "the snapshot holds the rows before it: " + snapshot);
            assertFalse(snapshot.contains("Written meanwhile"), "but not the write made while it was read");
            // which comes once, as a change: committed before the stream was live, it is replayed
            // from the outbox after the snapshot's position, before ready
            assertEquals("insert", event.name());
            assertEquals(id, event.row().get("id").getAsInt());
            SseClient.Event ready = events.ready();
            assertEquals(event.position(), ready.position());
            int later = insert("Written after");
            assertEquals(later, events.next("insert").row().get("id").getAsInt());
        }
        assertTrue(writtenWhileReading.get(), "the write was answered while the snapshot was still being read");
    }
}
