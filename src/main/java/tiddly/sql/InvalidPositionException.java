package tiddly.sql;

import tiddly.TiddlyException;

/** A Tiddly-Position header that is not a position a write's answer gave: 400. */
public final class InvalidPositionException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    InvalidPositionException() {
        super(
                400,
                "invalid_position",
                "a Tiddly-Position header is 16 hexadecimal digits, sent back as a write's answer gave it");
    }
}
