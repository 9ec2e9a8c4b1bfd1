package tiddly.sql;

import tiddly.TiddlyException;

/** An Idempotency-Key sent again with another request than the one it first came with: 422. */
public final class IdempotencyKeyReusedException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    IdempotencyKeyReusedException() {
        super(
                422,
                "idempotency_key_reused",
                "this Idempotency-Key was sent before with another request; use a new key for a new request");
    }
}
