package tiddly.schema;

import tiddly.TiddlyException;

/** A request named a table the schema does not expose. */
public final class UnknownTableException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    public UnknownTableException(String table) {
        super(404, "unknown_table", "unknown table '" + table + "'");
    }
}
