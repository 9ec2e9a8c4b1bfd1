package tiddly.html;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tiddly.query.JsonText;
import tiddly.sql.RowJson;

/** Escaping, the text a value shows as, and the frame every page shares. */
public final class Html {
    /**
     * The pages' Content-Security-Policy: no script at all, the one stylesheet from this server, no
     * form, no frame, no base element.
     */
    public static final String POLICY =
            "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static final String CONTENT_TYPE = "text/html;charset=utf-8";

    /** The stylesheet's path below the server's root, which pages link to relatively. */
    public static final String STYLESHEET = "_html/style.css";

    private Html() {}

    /** {@code text} safe inside an element and inside a double- or single-quoted attribute. */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** What a value shows as, before escaping: as in JSON, but text without quotes. */
    static String text(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        } else if (value instanceof JsonText || value instanceof Map<?, ?> || value instanceof List<?>) {
            return json(value);
        }
        return value.toString();
    }

    /** A value as JSON text, the way the envelope writes it. */
    static String json(Object value) {
        StringWriter text = new StringWriter(64);
        try (JsonWriter writer = new JsonWriter(text)) {
            writer.setHtmlSafe(false); // escaped as HTML where it is written
            RowJson.value(writer, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return text.toString();
    }

    /** A table cell: the value as text, NULL marked so that it differs from the text "null". */
    static String cell(Object value, String href) {
        String text = escape(text(value));
        if (value == null) {
            return "<td class=\"null\">" + text + "</td>";
        }
        return href.isEmpty() ? "<td>" + text + "</td>" : "<td><a href=\"" + escape(href) + "\">" + text + "</a></td>";
    }

    /**
     * The page up to its body's first element.
     *
     * @param root the relative path from the page to the server's root: "./" or "../"
     */
    static void head(Writer out, String title, String root) throws IOException {
        out.write("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + escape(root + STYLESHEET) + "\"></head>\n<body>\n");
    }

    static void foot(Writer out) throws IOException {
        out.write("</body></html>\n");
    }
}
