package tiddly.http;

import java.util.Map;
import tiddly.sql.AnswerTooLargeException;

/**
 * What a batch's answers hold so far: they are all in memory until the commit (rows as maps, then
 * their JSON), so they are bounded as they are read, in rows (each embedded row counted at every
 * place it appears, as a request of its own is) and in bytes of values (rows alone bound nothing
 * when they are large).
 */
final class BatchAnswers {
    static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final String WHAT = "the batch's answers";

    private long rows;
    private long bytes;

    /** Counts {@code data} (a row, a list of rows, or a value) in; past either bound, refused. */
    void add(Object data) {
        rows += rows(data, AnswerTooLargeException.MAX_ROWS - rows);
        if (rows > AnswerTooLargeException.MAX_ROWS) {
            throw new AnswerTooLargeException(WHAT);
        }
        bytes += size(data);
        if (bytes > MAX_BYTES) {
            throw AnswerTooLargeException.bytes(WHAT, MAX_BYTES);
        }
    }

    /** Rows in {@code data}, embedded ones at every place they appear; counting stops past {@code budget}. */
    private static long rows(Object data, long budget) {
        long count = 0;
        if (data instanceof Map<?, ?> row) {
            count = 1;
            for (Object value : row.values()) {
                if (count > budget) {
                    break;
                }
                count += rows(value, budget - count);
            }
        } else if (data instanceof Iterable<?> items) {
            for (Object item : items) {
                if (count > budget) {
                    break;
                }
                count += rows(item, budget - count);
            }
        }
        return count;
    }

    /** Bytes of {@code data}, roughly as its JSON will be. */
    private static long size(Object data) {
        if (data instanceof Map<?, ?> row) {
            long size = 2;
            for (Map.Entry<?, ?> entry : row.entrySet()) {
                size += String.valueOf(entry.getKey()).length() + 4 + size(entry.getValue());
            }
            return size;
        }
        if (data instanceof Iterable<?> items) {
            long size = 2;
            for (Object item : items) {
                size += size(item) + 1;
            }
            return size;
        }
        if (data instanceof byte[] blob) {
            return blob.length * 4L / 3 + 4; // base64
        }
        if (data == null || data instanceof Number || data instanceof Boolean) {
            return 8;
        }
        return String.valueOf(data).length() + 2;
    }
}
