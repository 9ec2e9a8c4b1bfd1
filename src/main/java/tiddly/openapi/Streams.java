package tiddly.openapi;

import java.util.List;
import java.util.Map;

/**
 * Live queries in 3.2 documents: the same read answers {@code text/event-stream} when asked with
 * that Accept header, each event described by {@code itemSchema} (docs/realtime.md).
 */
final class Streams {
    private static final List<String> EVENTS = List.of("ready", "insert", "update", "delete", "reset", "auth_expired");

    private Streams() {}

    /**
     * Adds the event stream to the 200 answer of {@code operation}, a read of the table whose rows
     * are {@code c}; a server started with --realtime off answers it 406 realtime_off.
     */
    @SuppressWarnings("unchecked")
    static void add(Map<String, Object> operation, String c) {
        Map<String, Object> ok = (Map<String, Object>) ((Map<String, Object>) operation.get("responses")).get("200");
        ok.put("description", ok.get("description") + "; with Accept: text/event-stream, their changes live");
        Map<String, Object> content = (Map<String, Object>) ok.get("content");
        content.put(
                "text/event-stream",
                Json.object(
                        "itemSchema",
                        Json.object(
                                "type",
                                "object",
                                "required",
                                List.of("data"),
                                "properties",
                                Json.object(
                                        "event",
                                        Json.object("type", "string", "enum", EVENTS),
                                        "id",
                                        Json.object(
                                                "type",
                                                "string",
                                                "description",
                                                "the change's position; send it back as Last-Event-ID to resume"),
                                        "data",
                                        Json.object(
                                                "type",
                                                "string",
                                                "contentMediaType",
                                                "application/json",
                                                "contentSchema",
                                                Json.object(
                                                        "type",
                                                        "object",
                                                        "properties",
                                                        Json.object(
                                                                "row",
                                                                Json.schema(c),
                                                                "reason",
                                                                Json.object(
                                                                        "type",
                                                                        "string",
                                                                        "enum",
                                                                        List.of("deleted", "left"))))),
                                        "retry",
                                        Json.object("type", "integer", "minimum", 0)))));
    }
}
