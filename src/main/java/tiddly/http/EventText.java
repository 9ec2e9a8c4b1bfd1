package tiddly.http;

import java.nio.charset.StandardCharsets;
import tiddly.feed.Event;

/**
 * Events as the bytes a stream sends, encoded once for all the streams one event goes to: the
 * feed hands the same {@link Event} to every subscriber whose event is the same (same change, same
 * columns shown), one after the other, so remembering the last one encoded is enough. Shared by
 * the streams of one server; a race only encodes an event twice.
 */
final class EventText {
    private record Encoded(Event event, byte[] bytes) {}

    private volatile Encoded last = new Encoded(null, new byte[0]);

    byte[] encode(Event event) {
        Encoded known = last;
        if (known.event() == event) {
            return known.bytes();
        }
        byte[] bytes = EventStream.encode(event).getBytes(StandardCharsets.UTF_8);
        last = new Encoded(event, bytes);
        return bytes;
    }
}
