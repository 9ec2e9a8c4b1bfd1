package tiddly.auth;

import java.time.Instant;

/** A signed JWT as /_login hands it out, and when it stops being accepted. */
public record Token(String value, Instant expiresAt) {}
