package tiddly.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.request.BadRequestException;
import tiddly.request.StrictJson;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

/**
 * RFC 4180 CSV, as Tiddly's CSV export writes it: a header row of column names, fields quoted with
 * {@code "} when they hold a comma, quote or line break, CRLF or LF line ends. Each field becomes
 * the JSON value its column's type reads: an empty field is NULL, numbers are numbers, {@code
 * true}/{@code false} (and {@code 1}/{@code 0}) are booleans for boolean columns, JSON columns'
 * text is parsed (strictly: a JSON column's field that is not JSON is a bad record); other text
 * that does not fit stays text, so the insert names the problem. A quote that is never closed
 * ends the import ({@link UnclosedQuoteException}): the rest of the body would be one field, and
 * which records it was meant to be cannot be known.
 */
final class CsvRecords implements ImportRecords {
    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int at;
    private int end;
    private final Table table;
    private final long maxChars;
    private final List<String> header;
    private final List<Optional<Column>> columns = new ArrayList<>();
    private long line = 1;
    /** The line the record being read began on (1, the header's, until a record is read). */
    private long recordStart = 1;
    /** The line of the quote that opened the quoted field being read. */
    private long quoteOpened;

    CsvRecords(Reader in, Table table, long maxChars) throws IOException {
        this.in = in;
        this.table = table;
        this.maxChars = maxChars;
        if (read() != '\uFEFF') { // a byte order mark, as Excel's "CSV UTF-8" writes, is no part of the first name
            at = Math.max(0, at - 1);
        }
        this.header = header();
        header.forEach(name -> columns.add(table.column(name)));
    }

    /** The header row, after any blank lines; empty for an empty body. */
    private List<String> header() throws IOException {
        List<String> names;
        try {
            names = nonBlankFields();
        } catch (TooLong e) {
            throw new InvalidHeaderException("the CSV header " + e.getMessage());
        }
        if (names == null) {
            return List.of();
        }
        long at = recordStart;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isEmpty()) {
                throw new InvalidHeaderException(
                        "field " + (i + 1) + " of the CSV header (line " + at + ") is empty: name every column");
            }
            Integer first = seen.putIfAbsent(names.get(i), i);
            if (first != null) {
                throw new InvalidHeaderException("the CSV header (line " + at + ") names column '" + names.get(i)
                        + "' twice, in fields " + (first + 1) + " and " + (i + 1));
            }
        }
        return names;
    }

    @Override
    public long line() {
        return recordStart;
    }

    /**
     * The fields of the next line that is not blank (a blank line is no record), with {@link
     * #recordStart} set to its line; null at the end of the body.
     */
    private List<String> nonBlankFields() throws IOException {
        List<String> fields;
        do {
            recordStart = line;
            fields = fields();
        } while (fields != null && fields.size() == 1 && fields.get(0).isEmpty());
        return fields;
    }

    @Override
    public Optional<Record> next() throws IOException {
        List<String> fields;
        try {
            fields = nonBlankFields();
        } catch (TooLong e) {
            return Optional.of(Record.bad(recordStart, e.getMessage()));
        }
        if (fields == null) {
            return Optional.empty();
        }
        if (fields.size() != header.size()) {
            return Optional.of(Record.bad(
                    recordStart,
                    "has " + fields.size() + " fields; the header of table '" + table.name() + "' has "
                            + header.size()));
        }
        JsonObject row = new JsonObject();
        for (int i = 0; i < fields.size(); i++) {
            try {
                row.add(header.get(i), typed(columns.get(i), fields.get(i)));
            } catch (BadRequestException notJson) {
                return Optional.of(Record.bad(recordStart, notJson.getMessage()));
            }
        }
        return Optional.of(Record.of(recordStart, row));
    }

    private static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(String message) {
            super(message);
        }
    }

    /** One record's fields, or null at the end of the input. */
    private List<String> fields() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        long chars = 0;
        while (true) {
            if (++chars > maxChars) {
                skipRecord(c, quoted);
                throw new TooLong("is longer than the maximum of " + maxChars + " characters");
            }
            if (quoted) {
                if (c < 0) {
                    // which record, and how many, the text after the quote was meant to be is unknowable
                    throw new UnclosedQuoteException(quoteOpened);
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = after;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                quoteOpened = line;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c < 0) {
                if (c == '\n') {
                    line++;
                }
                int end = field.length();
                if (end > 0 && field.charAt(end - 1) == '\r') {
                    field.setLength(end - 1);
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    /** One character from the buffer (a BufferedReader would take its lock per character). */
    private int read() throws IOException {
        if (at == end) {
            end = in.read(buffer, 0, buffer.length);
            at = 0;
            if (end <= 0) {
                end = 0;
                return -1;
            }
        }
        return buffer[at++];
    }

    /** Reads past the rest of a record that is too long; it too may open a quote it never closes. */
    private void skipRecord(int c, boolean quoted) throws IOException {
        boolean inQuotes = quoted;
        int previous = -1;
        for (; c >= 0; previous = c, c = read()) {
            if (c == '"') {
                inQuotes = !inQuotes;
                if (inQuotes && previous != '"') { // "" inside a quoted field is a quote, not a new field
                    quoteOpened = line;
                }
            } else if (c == '\n') {
                line++;
                if (!inQuotes) {
                    return;
                }
            }
        }
        if (inQuotes) {
            throw new UnclosedQuoteException(quoteOpened);
        }
    }

    private static JsonElement typed(Optional<Column> column, String text) {
        if (text.isEmpty()) {
            return JsonNull.INSTANCE;
        }
        ColumnType type = column.map(Column::type).orElse(ColumnType.TEXT);
        switch (type) {
            case INTEGER, REAL, NUMERIC, DECIMAL, ANY -> {
                try {
                    return new JsonPrimitive(new BigDecimal(text));
                } catch (NumberFormatException notNumber) {
                    return new JsonPrimitive(text);
                }
            }
            case BOOLEAN -> {
                return switch (text) {
                    case "true", "1" -> new JsonPrimitive(true);
                    case "false", "0" -> new JsonPrimitive(false);
                    default -> new JsonPrimitive(text);
                };
            }
            case JSON -> {
                // The field is the document: the export writes a JSON string "red" as "red", quotes
                // included, so text that is not JSON is a mistake rather than a string.
                return StrictJson.parse(
                        text, "has field '" + column.orElseThrow().name() + "', which");
            }
            case ARRAY -> {
                try {
                    return JsonParser.parseString(text);
                } catch (JsonParseException notJson) {
                    return new JsonPrimitive(text);
                }
            }
            default -> {
                return new JsonPrimitive(text);
            }
        }
    }
}
