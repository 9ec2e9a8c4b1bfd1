package tiddly.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/** One JSON object per line (NDJSON, JSON Lines); blank lines are skipped. */
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
        try {
            JsonElement element = JsonParser.parseString(text);
            return Optional.of(
                    element.isJsonObject()
                            ? Record.of(line, element.getAsJsonObject())
                            : Record.bad(line, "is " + ImportRecords.kind(element) + ", not a JSON object"));
        } catch (JsonParseException e) {
            return Optional.of(Record.bad(line, "is not valid JSON"));
        }
    }
}
