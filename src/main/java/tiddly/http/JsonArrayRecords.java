package tiddly.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/** A JSON array of objects, read one element at a time; an element's "line" is its number (1 for the first). */
final class JsonArrayRecords implements ImportRecords {
    private final JsonReader in;
    private long element;
    private boolean started;

    JsonArrayRecords(Reader in) {
        this.in = new JsonReader(in);
    }

    /** The file is not a JSON array of values: the import stops (the body was read whole, nothing was cut). */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public long line() {
        return element + 1;
    }

    @Override
    public Optional<Record> next() throws IOException {
        try {
            if (!started) {
                started = true;
                if (in.peek() != JsonToken.BEGIN_ARRAY) {
                    throw new Malformed("a JSON import is one array of objects", null);
                }
                in.beginArray();
            }
            if (!in.hasNext()) {
                return Optional.empty();
            }
            element++;
            JsonElement value = JsonParser.parseReader(in);
            return Optional.of(
                    value.isJsonObject()
                            ? Record.of(element, value.getAsJsonObject())
                            : Record.bad(element, "is " + ImportRecords.kind(value) + ", not a JSON object"));
        } catch (JsonParseException | IllegalStateException e) {
            throw new Malformed("the JSON array is not valid JSON after element " + element, e);
        }
    }
}
