package tiddly.http;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;
import tiddly.request.BadRequestException;
import tiddly.request.StrictJson;

/**
 * One JSON object per line (NDJSON, JSON Lines); blank lines are skipped. Each line is read as
 * strictly as a JSON body: a duplicate key, a comment or {@code NaN} makes the line a rejected
 * record, where Gson's own reader would take the last of two values. A line longer than --max-body
 * is skipped, never held: only its first characters are kept while the rest is read past.
 */
final class NdjsonRecords implements ImportRecords {
    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int at;
    private int end;
    private final long maxChars;
    private final StringBuilder text = new StringBuilder();
    private long line;
    /** The last line ended with a CR: a LF right after it ends nothing more. */
    private boolean afterCr;

    NdjsonRecords(Reader in, long maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    @Override
    public long line() {
        return line + 1; // the line being read; line counts those read whole
    }

    @Override
    public Optional<Record> next() throws IOException {
        long length;
        do {
            length = readLine();
            line++;
            if (length < 0) {
                return Optional.empty();
            }
        } while (length <= maxChars && text.toString().isBlank());
        if (length > maxChars) {
            return Optional.of(Record.bad(line, "is longer than the maximum of " + maxChars + " characters"));
        }
        String what = "line " + line;
        try {
            JsonElement element = StrictJson.parse(text.toString(), what);
            return Optional.of(
                    element.isJsonObject()
                            ? Record.of(line, element.getAsJsonObject())
                            : Record.bad(line, "is " + ImportRecords.kind(element) + ", not a JSON object"));
        } catch (BadRequestException e) {
            return Optional.of(Record.bad(line, problem(e.getMessage(), what)));
        }
    }

    /**
     * Reads one line (ended by LF, CR or CRLF, as BufferedReader's readLine) into {@link #text},
     * keeping at most --max-body characters of it; a line of 2 GB without a line break would
     * otherwise be held whole (readLine's own buffer has no bound) and exhaust the heap.
     *
     * @return the line's length, more than --max-body if it was cut; -1 at the end of the input
     */
    private long readLine() throws IOException {
        text.setLength(0);
        long length = 0;
        while (true) {
            if (at == end) {
                end = in.read(buffer, 0, buffer.length);
                at = 0;
                if (end <= 0) {
                    end = 0;
                    return length == 0 ? -1 : length;
                }
            }
            char c = buffer[at++];
            if (c == '\n' && afterCr) {
                afterCr = false;
                continue; // the LF of a CRLF
            }
            afterCr = c == '\r';
            if (c == '\n' || c == '\r') {
                return length;
            }
            length++;
            if (length <= maxChars) {
                text.append(c);
            }
        }
    }

    /**
     * The strict parser's message as a record's problem: "is not valid JSON (column 9)", "is not
     * valid JSON: it has a duplicate key 'title'"; a line is one line, so only its column counts.
     */
    private static String problem(String message, String what) {
        if (message.startsWith(what + " ")) {
            return message.substring(what.length() + 1).replace("(line 1, column ", "(column ");
        }
        return "is not valid JSON: " + (message.startsWith("JSON has ") ? "it" + message.substring(4) : message);
    }
}
