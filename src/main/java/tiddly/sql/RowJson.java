package tiddly.sql;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tiddly.query.JsonText;

/**
 * Values as JSON, the one way for responses (http's Envelope writes through it) and for the
 * outbox's rows: bytes as base64, JSON columns as JSON, NaN and infinities as null; so the feed
 * reads a stored row back into the same values by column type.
 */
public final class RowJson {
    private RowJson() {}

    static String write(Map<String, Object> row) {
        StringWriter text = new StringWriter(128);
        try (JsonWriter writer = new JsonWriter(text)) {
            writer.setHtmlSafe(false);
            value(writer, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return text.toString();
    }

    /** Writes {@code value} (a column value, a row, a list of them) at the writer's position. */
    public static void value(JsonWriter writer, Object value) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else if (value instanceof String text) {
            writer.value(text);
        } else if (value instanceof Boolean bool) {
            writer.value(bool);
        } else if (value instanceof Double real) {
            if (real.isNaN() || real.isInfinite()) {
                writer.nullValue(); // JSON has no NaN or Infinity
            } else {
                writer.value(real);
            }
        } else if (value instanceof Number number) {
            writer.value(number);
        } else if (value instanceof byte[] bytes) {
            writer.value(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof JsonText json) {
            writer.jsonValue(json.json());
        } else if (value instanceof Map<?, ?> map) {
            writer.beginObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                writer.name(String.valueOf(entry.getKey()));
                value(writer, entry.getValue());
            }
            writer.endObject();
        } else if (value instanceof List<?> list) {
            writer.beginArray();
            for (Object item : list) {
                value(writer, item);
            }
            writer.endArray();
        } else {
            writer.value(value.toString());
        }
    }
}
