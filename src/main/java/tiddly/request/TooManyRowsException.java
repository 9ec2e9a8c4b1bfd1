package tiddly.request;

import tiddly.TiddlyException;

/** A 413: a POST inserts more rows than one request may (see {@link Limits#ROWS}). */
public final class TooManyRowsException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    TooManyRowsException(int rows) {
        super(
                413,
                "too_many_rows",
                "the POST has " + rows + " rows; at most " + Limits.ROWS
                        + " are allowed in one request: send them in several");
    }
}
