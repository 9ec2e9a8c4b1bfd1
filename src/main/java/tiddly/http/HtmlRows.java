package tiddly.http;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.html.TablePage;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/** A list as an HTML table page, streamed like the JSON one: see {@link TablePage}. */
final class HtmlRows implements RowStream {
    private final Writer writer;
    private final TablePage page;

    /** See {@link TablePage#TablePage} for what each argument is. */
    HtmlRows(
            OutputStream body,
            Table table,
            List<String> columns,
            Schema readable,
            String rawPath,
            Map<String, List<String>> params)
            throws IOException {
        this.writer = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), 8192);
        this.page = new TablePage(writer, table, columns, readable, rawPath, params);
    }

    @Override
    public void row(Map<String, Object> row) throws IOException {
        page.row(row);
    }

    @Override
    public void end(Optional<Long> count, Optional<String> next) throws IOException {
        page.end(count, next);
        writer.flush();
    }
}
