package tiddly.http;

import java.util.Optional;
import tiddly.TiddlyException;

/**
 * An import whose body could not be read to its end: bytes that are not UTF-8, or a body that
 * ended early or stalled. The batches before were committed, so the error says which records those
 * are (every one before the line named; the record being read there was not whole) and carries
 * their summary, as {@link UnclosedQuoteException} does. For bad bytes the line is where reading
 * stopped: the decoder reads ahead, so the bytes are at or after it.
 */
final class ImportCutException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final transient Importer.Summary summary;

    private ImportCutException(String code, String message, long line, Importer.Summary summary) {
        super(
                400,
                code,
                message + " line " + line + "; the records before line " + line
                        + " were imported (see data), none from it on");
        this.summary = summary;
    }

    static ImportCutException notUtf8(long line, Importer.Summary summary) {
        return new ImportCutException("invalid_encoding", "the body is not valid UTF-8 at or after", line, summary);
    }

    static ImportCutException incomplete(long line, Importer.Summary summary) {
        return new ImportCutException(
                "incomplete_body", "the body ended, or stalled, before all of it arrived, in", line, summary);
    }

    @Override
    public Optional<Object> data() {
        return Optional.of(ImportRoute.data(summary));
    }
}
