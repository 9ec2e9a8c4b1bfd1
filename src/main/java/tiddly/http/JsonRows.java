package tiddly.http;

import com.google.gson.stream.JsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** {@code {"status":"success","data":[rows…],"count":n,"next":"…"}}, written as rows arrive. */
final class JsonRows implements RowStream {
    private final JsonWriter writer;

    JsonRows(OutputStream body) throws IOException {
        writer = new JsonWriter(new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), 8192));
        writer.setHtmlSafe(false);
        writer.beginObject();
        writer.name("status").value("success");
        writer.name("data").beginArray();
    }

    @Override
    public void row(Map<String, Object> row) throws IOException {
        Envelope.value(writer, row);
    }

    @Override
    public void end(Optional<Long> count, Optional<String> next) throws IOException {
        writer.endArray();
        if (count.isPresent()) {
            writer.name("count").value(count.get());
        }
        if (next.isPresent()) {
            writer.name("next").value(next.get());
        }
        writer.endObject();
        writer.flush();
    }
}
