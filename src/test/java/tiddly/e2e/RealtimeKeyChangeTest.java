package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.Streams;
import tiddly.testing.TiddlyServer;

/**
 * A bulk {@code set} may change a row's key. A live client holds rows by key, so an {@code update}
 * of the new key would leave the old one behind for ever: the stream says the old key is gone and
 * the new one has come.
 */
class RealtimeKeyChangeTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void aBulkSetThatChangesTheKeyDeletesTheOldKeyAndInsertsTheNewOne() {
        try (SseClient events = Streams.open(server, "/genre")) {
            events.ready();
            server.http()
                    .body("{\"code\": \"k1\", \"name\": \"K\"}")
                    .when()
                    .post("/genre")
                    .then()
                    .statusCode(201);
            assertEquals("k1", events.next("insert").row().get("code").getAsString());

            server.http()
                    .body("{\"where\": {\"code\": \"k1\"}, \"set\": {\"code\": \"k2\"}}")
                    .when()
                    .put("/genre")
                    .then()
                    .statusCode(200);
            SseClient.Event gone = events.next("delete");
            assertEquals("k1", gone.row().get("code").getAsString());
            assertEquals("deleted", gone.json().get("reason").getAsString());
            SseClient.Event come = events.next("insert");
            assertEquals("k2", come.row().get("code").getAsString());
            assertEquals("K", come.row().get("name").getAsString());
        }
    }
}
