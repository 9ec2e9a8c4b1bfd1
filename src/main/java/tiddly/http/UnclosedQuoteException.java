package tiddly.http;

import java.util.Optional;
import tiddly.TiddlyException;

/**
 * A CSV import whose body ends inside a quoted field: everything after the quote would be one
 * field, so the records it was meant to be are unknown. The import stops there; the records before
 * the quote's line are imported, and the error's data is the summary of what was.
 */
final class UnclosedQuoteException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final long line;
    private final transient Optional<Importer.Summary> summary;

    UnclosedQuoteException(long line) {
        this(line, Optional.empty());
    }

    private UnclosedQuoteException(long line, Optional<Importer.Summary> summary) {
        super(
                400,
                "unclosed_quote",
                "line " + line + " opens a quoted field that is never closed: the body ends inside it;"
                        + " the records before line " + line + " were imported (see data), none from it on");
        this.line = line;
        this.summary = summary;
    }

    /** The same error, carrying the summary of the records imported before the quote. */
    UnclosedQuoteException with(Importer.Summary imported) {
        return new UnclosedQuoteException(line, Optional.of(imported));
    }

    @Override
    public Optional<Object> data() {
        return summary.map(ImportRoute::data);
    }
}
