package tiddly.sql;

import tiddly.TiddlyException;

/**
 * An answer would hold more rows than one response may: embeds repeat a related row under every
 * row that refers to it, so a few levels of them multiply a small table into gigabytes of JSON.
 */
public final class AnswerTooLargeException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    /** Rows one answer may hold, each embedded row counted at every place it appears. */
    public static final long MAX_ROWS = 100_000;

    public AnswerTooLargeException(String what) {
        super(
                400,
                "query_too_complex",
                what + " would hold more than " + MAX_ROWS + " rows, counting each embedded row at every place it"
                        + " appears; ask for fewer: a smaller limit, or fewer or shallower embeds");
    }

    private AnswerTooLargeException(long maxBytes, String what) {
        super(
                400,
                "query_too_complex",
                what + " would hold more than " + maxBytes
                        + " bytes of values; ask for fewer rows or columns, or split the batch");
    }

    /** An answer held in memory whole (a batch's) would hold more than {@code maxBytes} bytes of values. */
    public static AnswerTooLargeException bytes(String what, long maxBytes) {
        return new AnswerTooLargeException(maxBytes, what);
    }
}
