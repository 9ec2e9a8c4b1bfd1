package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.client.Auth;
import tiddly.client.ChangeEvent;
import tiddly.client.Row;
import tiddly.client.Subscription;
import tiddly.client.TiddlyClient;
import tiddly.testing.TiddlyServer;

/** Live queries of the Java client against a running server: the changes of a query as they commit. */
class JavaClientLiveTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    private final BlockingQueue<ChangeEvent> events = new LinkedBlockingQueue<>();

    private TiddlyClient client() {
        return TiddlyClient.connect(URI.create("http://127.0.0.1:" + server.port()), Auth.none());
    }

    /** The next event; the wait is a guard against a hang, not a measured time. */
    private ChangeEvent next() throws InterruptedException {
        ChangeEvent event = events.poll(30, TimeUnit.SECONDS);
        assertNotNull(event, "no event came");
        return event;
    }

    @Test
    void aSubscriptionGetsTheInsertsUpdatesAndDeletesOfItsQuery() throws InterruptedException {
        TiddlyClient client = client();
        try (Subscription live = client.table("book")
                .where(Map.of("genre", "sf"))
                .select("id", "title")
                .subscribe(events::add)) {
            assertEquals("ready", next().type());
            client.table("book").create(Map.of("title", "Not sf", "author_id", 1, "genre", "fantasy"));
            Row dune = client.table("book").create(Map.of("title", "Dune", "author_id", 1, "genre", "sf"));
            ChangeEvent insert = next();
            assertEquals("insert", insert.type());
            assertEquals(
                    Map.of("id", dune.get("id"), "title", "Dune"),
                    insert.row().orElseThrow().values());
            dune.set("title", "Dune Messiah").save();
            ChangeEvent update = next();
            assertEquals("update", update.type());
            assertEquals("Dune Messiah", update.row().orElseThrow().get("title"));
            dune.set("genre", "fantasy").save();
            ChangeEvent left = next();
            assertEquals(
                    List.of("delete", "left"),
                    List.of(left.type(), left.reason().orElseThrow()));
            assertEquals(left.position().getAsLong(), live.lastEventId().getAsLong());
        }
    }

    @Test
    void aSubscriptionWithEmbedGetsTheRelatedRowsTheServerStreams() throws InterruptedException {
        TiddlyClient client = client();
        Subscription live = client.table("book")
                .where(Map.of("title", "Embedded live"))
                .select("id", "title", "author_id")
                .embed("author")
                .subscribe(events::add);
        assertEquals("ready", next().type());
        client.table("book").create(Map.of("title", "Embedded live", "author_id", 2));
        ChangeEvent insert = next();
        live.close();
        assertEquals("insert", insert.type());
        Row author = insert.row().orElseThrow().getRow("author").orElseThrow();
        assertEquals("Terry Pratchett", author.get("name"));
    }

    @Test
    void withASnapshotTheRowsThatMatchNowComeFirst() throws InterruptedException {
        Subscription live =
                client().table("author").where("{\"born\": {\"lt\": 1900}}").subscribe(events::add, true);
        ChangeEvent snapshot = next();
        assertEquals("snapshot", snapshot.type());
        assertEquals("Jorge Luis Borges", snapshot.row().orElseThrow().get("name"));
        assertEquals("ready", next().type());
        live.close();
        assertFalse(live.isOpen());
    }
}
