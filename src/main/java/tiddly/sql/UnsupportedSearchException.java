package tiddly.sql;

import tiddly.TiddlyException;

/** A 400: this database cannot do what the search asks (a snippet on MariaDB). */
public final class UnsupportedSearchException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    UnsupportedSearchException(String message) {
        super(400, "search_unsupported", message);
    }
}
