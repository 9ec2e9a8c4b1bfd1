package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Tiddly;
import tiddly.testing.SseClient;
import tiddly.testing.TiddlyServer;

/**
 * The hostile review of 2026-12-03 evening (docs/security.md): a stream lives until its client
 * leaves, and each one holds a connection, so one anonymous client could open streams until the
 * process had no file descriptor left and refused every request. Each client address may now hold
 * --realtime-streams-per-client of them (here 2).
 */
class StreamFloodAttackTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withTrustProxy(true, 1)
            .withRealtime(settings.realtime()
                    .withStreamsPerClient(2)
                    .withKeepAlive(Duration.ofMillis(100)))); // a closed client is noticed at the next write

    private static Map<String, String> from(String address) {
        return Map.of("X-Forwarded-For", address);
    }

    @Test
    void aClientThatHoldsItsStreamsGetsA429ForOneMoreAndOthersAreNotAffected() {
        try (SseClient first = SseClient.get(server.port(), "/genre", from("192.0.2.1"));
                SseClient second = SseClient.get(server.port(), "/book", from("192.0.2.1"));
                SseClient third = SseClient.get(server.port(), "/genre", from("192.0.2.1"));
                SseClient other = SseClient.get(server.port(), "/genre", from("192.0.2.2"))) {
            first.ready();
            second.ready();
            assertEquals(429, third.status());
            assertTrue(
                    third.body()
                            .contains("\"error\":\"this client address has 2 streams open, the most"
                                    + " --realtime-streams-per-client allows: close one before opening another\","
                                    + "\"code\":\"too_many_streams\""),
                    third.body());
            other.ready();
        }
    }

    @Test
    void aClosedStreamGivesItsSlotBack() throws InterruptedException {
        SseClient first = SseClient.get(server.port(), "/genre", from("192.0.2.3"));
        first.ready();
        try (SseClient second = SseClient.get(server.port(), "/genre", from("192.0.2.3"))) {
            second.ready();
            first.close();
            // the server notices the closed connection at its next keep-alive: wait for that, without a clock
            SseClient again = SseClient.get(server.port(), "/genre", from("192.0.2.3"));
            for (int attempt = 0; again.status() == 429 && attempt < 600; attempt++) {
                again.close();
                Thread.sleep(50);
                again = SseClient.get(server.port(), "/genre", from("192.0.2.3"));
            }
            try (SseClient reopened = again) {
                assertEquals(200, reopened.status());
                reopened.ready();
            }
        }
    }

    /** Many addresses (IPv6 /64 prefixes, counted one per prefix, are plentiful) meet --realtime-max-streams, the bound of all streams. */
    @Test
    void theServerHoldsAtMostItsMaximumOfStreamsFromAnyNumberOfAddresses() {
        try (Tiddly bounded = server.another(settings -> settings.withRealtime(
                        settings.realtime().withStreamsPerClient(2).withMaxStreams(3)));
                SseClient first = SseClient.get(bounded.port(), "/genre", from("2001:db8:1::1"));
                SseClient second = SseClient.get(bounded.port(), "/genre", from("2001:db8:2::1"));
                SseClient third = SseClient.get(bounded.port(), "/book", from("2001:db8:3::1"))) {
            first.ready();
            second.ready();
            third.ready();
            try (SseClient fourth = SseClient.get(bounded.port(), "/genre", from("2001:db8:4::1"))) {
                assertEquals(503, fourth.status());
                assertEquals(Optional.of("5"), fourth.header("Retry-After"));
                assertTrue(fourth.body().contains("\"code\":\"streams_full\""), fourth.body());
            }
        }
    }
}
