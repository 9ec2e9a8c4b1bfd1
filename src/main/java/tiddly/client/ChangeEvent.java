package tiddly.client;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One event of a live query (docs/realtime.md): {@code snapshot}, {@code insert}, {@code update}
 * and {@code delete} carry a row (a delete's {@code reason} is {@code deleted} or {@code left});
 * {@code ready} says the subscription is live; {@code reset} says changes were lost, so the rows
 * must be read again; {@code auth_expired} says the token expired (the subscription reconnects with
 * the client's current credentials). {@code position} is the event's id, where it has one.
 */
public record ChangeEvent(String type, Optional<Row> row, Optional<String> reason, OptionalLong position) {}
