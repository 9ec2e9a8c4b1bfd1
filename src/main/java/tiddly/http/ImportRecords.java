package tiddly.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;
import tiddly.schema.Table;

/** The records of an import, one at a time, each with the line it began on. */
interface ImportRecords {
    /**
     * @param line where the record began (1 is the first line; for a JSON array, the element's number)
     * @param row the record as a JSON object, as an insert's body has it; empty when {@code problem} says why not
     */
    record Record(long line, Optional<JsonObject> row, String problem) {
        static Record of(long line, JsonObject row) {
            return new Record(line, Optional.of(row), "");
        }

        static Record bad(long line, String problem) {
            return new Record(line, Optional.empty(), problem);
        }
    }

    /**
     * The line the record being read began on: when reading fails part way (bytes that are not
     * UTF-8), every record before it was read whole, and none from it on.
     */
    long line();

    /** The next record, or empty at the end. */
    Optional<Record> next() throws IOException;

    /** Reads {@code in} in {@code format}; CSV text is typed by {@code table}'s columns. */
    static ImportRecords of(ImportFormat format, Reader in, Table table, long maxRecordChars) throws IOException {
        return switch (format) {
            case CSV -> new CsvRecords(in, table, maxRecordChars);
            case NDJSON -> new NdjsonRecords(in, maxRecordChars);
            case JSON -> new JsonArrayRecords(in);
        };
    }

    /** What a JSON element is, for a message: "a string", "an array". */
    static String kind(JsonElement element) {
        if (element.isJsonArray()) {
            return "an array";
        }
        if (element.isJsonNull()) {
            return "null";
        }
        if (element.isJsonPrimitive()) {
            return element.getAsJsonPrimitive().isString()
                    ? "a string"
                    : element.getAsJsonPrimitive().isNumber() ? "a number" : "a boolean";
        }
        return "an object";
    }
}
