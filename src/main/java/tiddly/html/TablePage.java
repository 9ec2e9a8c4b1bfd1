package tiddly.html;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * A list as an HTML table, written as the rows arrive: a header row of the shown columns, one row
 * per row with a link to its record page and links from foreign-key values to the related rows,
 * and a link to the next page when the list has a {@code next} cursor.
 */
public final class TablePage {
    private final Writer out;
    private final Table table;
    private final List<String> columns;
    private final Links links;
    private final Map<String, List<String>> params;
    private int rows;

    /**
     * Writes the page's head and the table's header row.
     *
     * @param table the table as the caller's role sees it
     * @param columns the names each row shows, in order
     * @param readable the tables the caller may read: links go only there
     * @param rawPath the request's path, as sent: the links are relative to it
     * @param params the request's query parameters, which the next page repeats
     */
    public TablePage(
            Writer out,
            Table table,
            List<String> columns,
            Schema readable,
            String rawPath,
            Map<String, List<String>> params)
            throws IOException {
        this.out = out;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.links = new Links(Links.root(rawPath), readable);
        this.params = params;
        Html.head(out, table.name(), Links.root(rawPath));
        out.write("<h1><a href=\"" + Html.escape(links.table(table.name())) + "\">" + Html.escape(table.name())
                + "</a></h1>\n<table>\n<thead><tr>");
        for (String column : this.columns) {
            out.write("<th scope=\"col\">" + Html.escape(column) + "</th>");
        }
        out.write("</tr></thead>\n<tbody>\n");
    }

    public void row(Map<String, Object> row) throws IOException {
        Optional<String> record = links.row(table, row);
        StringBuilder line = new StringBuilder("<tr>");
        for (String column : columns) {
            Object value = row.get(column);
            boolean key = table.singleKey()
                    .map(single -> single.name().equals(column))
                    .orElse(false);
            String href = key
                    ? record.orElse("")
                    : links.related(table, column, value).orElse("");
            line.append(Html.cell(value, href));
        }
        out.write(line.append("</tr>\n").toString());
        rows++;
    }

    /** Ends the table: how many rows matched, when counted, and the links to the first and next page. */
    public void end(Optional<Long> count, Optional<String> next) throws IOException {
        out.write("</tbody>\n</table>\n<p class=\"summary\">" + rows + (rows == 1 ? " row" : " rows")
                + count.map(total -> " of " + total).orElse("") + "</p>\n<nav>");
        if (params.containsKey("cursor")) {
            out.write(
                    "<a rel=\"first\" href=\"" + Html.escape(links.first(table.name(), params)) + "\">First page</a> ");
        }
        if (next.isPresent()) {
            out.write("<a rel=\"next\" href=\"" + Html.escape(Links.next(params, next.get())) + "\">Next page</a>");
        }
        out.write("</nav>\n");
        Html.foot(out);
        out.flush();
    }
}
