package tiddly.sql;

import tiddly.TiddlyException;

/** The database refused a statement for a reason the client can act on, or failed outright. */
public final class DatabaseException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    DatabaseException(int status, String code, String message, Throwable cause) {
        super(status, code, message, cause);
    }
}
