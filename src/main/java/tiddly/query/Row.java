package tiddly.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tiddly.schema.Column;

/**
 * Column values to write, in the order the client gave them. A value is a Long, Double, String,
 * Boolean or byte[]; Java {@code null} stands for SQL NULL, the one place a null crosses stages.
 */
public record Row(Map<Column, Object> values) {
    public Row {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
