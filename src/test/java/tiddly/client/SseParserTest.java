package tiddly.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event-stream format, line by line, as the WHATWG spec reads it. */
class SseParserTest {
    private static List<SseParser.Event> parse(SseParser parser, String text) {
        List<SseParser.Event> events = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            parser.line(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void eventsEndAtABlankLineWithTheirNameIdAndData() {
        List<SseParser.Event> events = parse(new SseParser(), """
                retry: 2000

                event: ready
                id: 41
                data: {"position":41}

                : keep-alive

                event: insert
                id: 42
                data: {"row":{"id":61}}

                """);
        assertEquals(
                List.of(
                        new SseParser.Event("ready", Optional.of("41"), "{\"position\":41}"),
                        new SseParser.Event("insert", Optional.of("42"), "{\"row\":{\"id\":61}}")),
                events);
    }

    @Test
    void dataLinesAreJoinedAndOneSpaceAfterTheColonIsDropped() {
        List<SseParser.Event> events = parse(new SseParser(), "data:a\ndata:  b\nunknown: x\n\n");
        assertEquals(List.of(new SseParser.Event("message", Optional.empty(), "a\n b")), events);
    }

    @Test
    void retryIsKeptAsTheReconnectionDelay() {
        SseParser parser = new SseParser();
        parse(parser, "retry: 1500\n\nretry: soon\n\n");
        assertEquals(1500, parser.retryMillis());
    }
}
