package tiddly.feed;

import java.util.Map;
import java.util.Optional;

/**
 * One Server-Sent Event: its name ({@code insert}, {@code update}, {@code delete}, {@code ready},
 * {@code reset}, {@code auth_expired}…), its id (an outbox position, from which a client resumes)
 * and its data, a JSON object.
 */
public record Event(String name, Optional<Long> id, Map<String, Object> data) {
    public Event {
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data)); // values may be null
    }

    /** The subscription is live: no change after {@code position} will be missed. */
    static Event ready(long position) {
        return new Event("ready", Optional.of(position), Map.of("position", position));
    }
}
