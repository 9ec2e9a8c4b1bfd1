package tiddly.http;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code {"status":"success","data":[rows…],"count":n,"next":"…"}}, written as rows arrive: the
 * text gathers in a buffer that goes to the body, as UTF-8, whenever it passes {@link #CHUNK}.
 */
final class JsonRows implements RowStream {
    private static final int CHUNK = 8192;

    private final OutputStream body;
    private final TextBuffer text = new TextBuffer(512);
    private final JsonWriter writer = new JsonWriter(text);

    JsonRows(OutputStream body) throws IOException {
        this.body = body;
        writer.setHtmlSafe(false);
        writer.beginObject();
        writer.name("status").value("success");
        writer.name("data").beginArray();
    }

    @Override
    public void row(Map<String, Object> row) throws IOException {
        Envelope.value(writer, row);
        if (text.length() >= CHUNK) {
            send();
        }
    }

    private void send() throws IOException {
        body.write(text.toString().getBytes(StandardCharsets.UTF_8));
        text.clear();
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
        send();
    }
}
