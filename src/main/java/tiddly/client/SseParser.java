package tiddly.client;

import java.util.Optional;

/**
 * Server-Sent Events, line by line (the WHATWG event-stream format): {@link #line} returns a whole
 * event at each blank line that ends one. Comments (keep-alives) and unknown fields are skipped;
 * {@code retry:} is kept as the reconnection delay. Pure: it reads no socket.
 */
final class SseParser {
    /** One event: its name ({@code message} when none), its id if it had one, and its data. */
    record Event(String name, Optional<String> id, String data) {}

    private String name = "";
    private String id;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private long retryMillis = 2000;

    /** Feeds one line (without its end); an event when the line ends one. */
    Optional<Event> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> id = value.contains("\0") ? id : value;
            case "retry" -> {
                if (value.matches("[0-9]{1,9}")) {
                    retryMillis = Long.parseLong(value);
                }
            }
            default -> {
                // an unknown field is ignored, as the format says
            }
        }
        return Optional.empty();
    }

    private Optional<Event> dispatch() {
        boolean any = hasData || !name.isEmpty();
        Event event = new Event(name.isEmpty() ? "message" : name, Optional.ofNullable(id), data.toString());
        name = "";
        id = null;
        data.setLength(0);
        hasData = false;
        return any ? Optional.of(event) : Optional.empty();
    }

    /** The reconnection delay the server asked for with {@code retry:}, else 2 s. */
    long retryMillis() {
        return retryMillis;
    }
}
