package tiddly.html;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import tiddly.schema.ForeignKey;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * One row as an HTML page: a two-column table of its columns and values, links from foreign-key
 * values to the related rows, and links to the rows of other tables that refer to this one.
 */
public final class RecordPage {
    private RecordPage() {}

    /**
     * @param table the table as the caller's role sees it
     * @param row the row as the JSON answer holds it: hidden columns are already left out
     * @param readable the tables the caller may read: links go only there
     * @param rawPath the request's path, as sent: the links are relative to it
     */
    public static String of(Table table, Map<String, Object> row, Schema readable, String rawPath) {
        StringWriter page = new StringWriter(1024);
        try {
            write(page, table, row, readable, rawPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return page.toString();
    }

    private static void write(Writer out, Table table, Map<String, Object> row, Schema readable, String rawPath)
            throws IOException {
        Links links = new Links(Links.root(rawPath), readable);
        String key = table.singleKey()
                .map(column -> Html.text(row.get(column.name())))
                .orElse("");
        Html.head(out, table.name() + " " + key, Links.root(rawPath));
        out.write("<h1><a href=\"" + Html.escape(links.table(table.name())) + "\">" + Html.escape(table.name())
                + "</a> " + Html.escape(key) + "</h1>\n<table class=\"record\">\n<tbody>\n");
        for (Map.Entry<String, Object> column : row.entrySet()) {
            out.write("<tr><th scope=\"row\">" + Html.escape(column.getKey()) + "</th>"
                    + Html.cell(
                            column.getValue(),
                            links.related(table, column.getKey(), column.getValue())
                                    .orElse(""))
                    + "</tr>\n");
        }
        out.write("</tbody>\n</table>\n");
        referencing(out, table, row, readable, links);
        Html.foot(out);
    }

    /** The rows that refer to this one, per table and foreign key, as filtered lists. */
    private static void referencing(Writer out, Table table, Map<String, Object> row, Schema readable, Links links)
            throws IOException {
        StringBuilder items = new StringBuilder();
        for (Table other : readable.tables()) {
            for (ForeignKey key : other.foreignKeys()) {
                List<String> referred = key.referencedColumns();
                if (!key.referencedTable().equals(table.name())
                        || key.columns().size() != 1
                        || !row.containsKey(referred.get(0))
                        || row.get(referred.get(0)) == null
                        || other.column(key.columns().get(0))
                                .map(column -> column.hidden())
                                .orElse(true)) {
                    continue;
                }
                String column = key.columns().get(0);
                items.append("<li><a href=\"")
                        .append(Html.escape(links.filtered(other.name(), column, row.get(referred.get(0)))))
                        .append("\">")
                        .append(Html.escape(other.name()))
                        .append(" where ")
                        .append(Html.escape(column))
                        .append(" = ")
                        .append(Html.escape(Html.text(row.get(referred.get(0)))))
                        .append("</a></li>\n");
            }
        }
        if (items.length() > 0) {
            out.write("<h2>Referenced by</h2>\n<ul>\n" + items + "</ul>\n");
        }
    }
}
