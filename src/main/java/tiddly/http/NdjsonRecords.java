package tiddly.http;

import com.google.gson.JsonElement;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;
import tiddly.request.BadRequestException;
import tiddly.request.StrictJson;

/**
 * One JSON object per line (NDJSON, JSON Lines); blank lines are skipped. Each line is read as
 * strictly as a JSON body: a duplicate key, a comment or {@code NaN} makes the line a rejected
 * record, where Gson's own reader would take the last of two values.
 */
final class NdjsonRecords implements ImportRecords {
    private final BufferedReader in;
    private final long maxChars;
    private long line;

    NdjsonRecords(Reader in, long maxChars) {
        this.in = new BufferedReader(in, 64 * 1024);
        this.maxChars = maxChars;
    }

    @Override
    public Optional<Record> next() throws IOException {
        String text;
        do {
            text = in.readLine();
            line++;
            if (text == null) {
                return Optional.empty();
            }
        } while (text.isBlank());
        if (text.length() > maxChars) {
            return Optional.of(Record.bad(line, "is longer than the maximum of " + maxChars + " characters"));
        }
        String what = "line " + line;
        try {
            JsonElement element = StrictJson.parse(text, what);
            return Optional.of(
                    element.isJsonObject()
                            ? Record.of(line, element.getAsJsonObject())
                            : Record.bad(line, "is " + ImportRecords.kind(element) + ", not a JSON object"));
        } catch (BadRequestException e) {
            return Optional.of(Record.bad(line, problem(e.getMessage(), what)));
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
