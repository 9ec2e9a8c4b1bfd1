package tiddly.http;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.query.JsonText;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line
 * break. NULL is an empty field; embedded rows are written as their JSON.
 */
final class CsvRows implements RowStream {
    private final Writer writer;
    private final List<String> columns;

    CsvRows(OutputStream body, Collection<String> columns) throws IOException {
        this.writer = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), 8192);
        this.columns = List.copyOf(columns);
        line(this.columns.stream().map(name -> (Object) name).toList());
    }

    @Override
    public void row(Map<String, Object> row) throws IOException {
        line(columns.stream().map(row::get).toList());
    }

    @Override
    public void end(Optional<Long> count, Optional<String> next) throws IOException {
        writer.flush();
    }

    private void line(List<Object> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(field(values.get(i)));
        }
        writer.write("\r\n");
    }

    private static String field(Object value) {
        String text;
        if (value == null) {
            return "";
        } else if (value instanceof byte[] bytes) {
            text = Base64.getEncoder().encodeToString(bytes);
        } else if (value instanceof JsonText json) {
            text = json.json();
        } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
            text = Envelope.json(value);
        } else {
            text = value.toString();
        }
        boolean quote =
                text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
