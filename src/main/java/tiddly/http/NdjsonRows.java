package tiddly.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Accept: application/x-ndjson}: one JSON object per row and line, no envelope, as
 * {@code tiddly import} and {@code POST /t} with that type read them back. A count goes in
 * X-Total-Count; there is no room for {@code next}, so page with offset.
 */
final class NdjsonRows implements RowStream {
    static final String CONTENT_TYPE = "application/x-ndjson;charset=utf-8";
    private static final int CHUNK = 8192;

    private final OutputStream body;
    private final StringBuilder text = new StringBuilder(CHUNK + 512);

    NdjsonRows(OutputStream body) {
        this.body = body;
    }

    @Override
    public void row(Map<String, Object> row) throws IOException {
        text.append(Envelope.json(row)).append('\n');
        if (text.length() >= CHUNK) {
            send();
        }
    }

    private void send() throws IOException {
        body.write(text.toString().getBytes(StandardCharsets.UTF_8));
        text.setLength(0);
    }

    @Override
    public void end(Optional<Long> count, Optional<String> next) throws IOException {
        send();
    }
}
