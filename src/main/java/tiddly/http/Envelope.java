package tiddly.http;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import tiddly.TiddlyException;
import tiddly.sql.RowJson;

/**
 * The one JSON writer of responses: {@code {"status":"success","data":…}} or {@code
 * {"status":"error","error":…,"code":…,"details":…}}. Data is maps, lists and the scalar values
 * rows hold; byte arrays are written as base64.
 */
public final class Envelope {
    static final String JSON = "application/json;charset=utf-8";

    private Envelope() {}

    /** The JSON of a value alone, as the envelope would write it. */
    static String json(Object value) {
        return write(writer -> value(writer, value));
    }

    public static String success(Object data) {
        return object(writer -> {
            writer.name("status").value("success");
            writer.name("data");
            value(writer, data);
        });
    }

    /** A success with one more member beside data, such as /_schema's functions. */
    static String success(Object data, String member, Object value) {
        return object(writer -> {
            writer.name("status").value("success");
            writer.name("data");
            value(writer, data);
            writer.name(member);
            value(writer, value);
        });
    }

    /** @param requestId names the request in the log, where its details are */
    static String error(TiddlyException error, Optional<String> requestId) {
        return error(error.code(), error.getMessage(), error.details(), error.data(), requestId);
    }

    static String error(String code, String message, Optional<String> requestId) {
        return error(code, message, Map.of(), Optional.empty(), requestId);
    }

    private static String error(
            String code,
            String message,
            Map<String, String> details,
            Optional<Object> data,
            Optional<String> requestId) {
        return object(writer -> {
            writer.name("status").value("error");
            writer.name("error").value(message);
            writer.name("code").value(code);
            if (requestId.isPresent()) {
                writer.name("request_id").value(requestId.get());
            }
            if (!details.isEmpty()) {
                writer.name("details");
                value(writer, details);
            }
            if (data.isPresent()) {
                writer.name("data");
                value(writer, data.get());
            }
        });
    }

    private interface Members {
        void write(JsonWriter writer) throws IOException;
    }

    /** JSON text from what {@code members} writes; an envelope's members go inside one object. */
    private static String write(Members members) {
        TextBuffer text = new TextBuffer(256);
        try (JsonWriter writer = new JsonWriter(text)) {
            writer.setHtmlSafe(false);
            members.write(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return text.toString();
    }

    private static String object(Members members) {
        return write(writer -> {
            writer.beginObject();
            members.write(writer);
            writer.endObject();
        });
    }

    static void value(JsonWriter writer, Object value) throws IOException {
        RowJson.value(writer, value);
    }
}
