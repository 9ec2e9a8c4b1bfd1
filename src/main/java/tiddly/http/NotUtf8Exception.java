package tiddly.http;

import java.util.Optional;
import tiddly.TiddlyException;

/**
 * An import whose body turns out not to be UTF-8 part way: the batches before were committed, so
 * the error says which records those are (every one before the line named) and carries their
 * summary, as {@link UnclosedQuoteException} does. The bad bytes are at or after that line: the
 * decoder reads ahead, so the exact line is not known.
 */
final class NotUtf8Exception extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final transient Importer.Summary summary;

    NotUtf8Exception(long line, Importer.Summary summary) {
        super(
                400,
                "invalid_encoding",
                "the body is not valid UTF-8 at or after line " + line + "; the records before line " + line
                        + " were imported (see data), none from it on");
        this.summary = summary;
    }

    @Override
    public Optional<Object> data() {
        return Optional.of(ImportRoute.data(summary));
    }
}
