package tiddly.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the document's JSON: ordered objects, lists, references. */
final class Json {
    private Json() {}

    /** An object of {@code name, value, name, value, …}, in that order. */
    static Map<String, Object> object(Object... members) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < members.length; i += 2) {
            object.put((String) members[i], members[i + 1]);
        }
        return object;
    }

    static Map<String, Object> schema(String component) {
        return object("$ref", "#/components/schemas/" + component);
    }

    static Map<String, Object> response(String component) {
        return object("$ref", "#/components/responses/" + component);
    }

    static Map<String, Object> parameter(String component) {
        return object("$ref", "#/components/parameters/" + component);
    }

    static Map<String, Object> header(String component) {
        return object("$ref", "#/components/headers/" + component);
    }

    /** A JSON body of {@code schema}. */
    static Map<String, Object> content(Object schema) {
        return object("application/json", object("schema", schema));
    }

    static Map<String, Object> arrayOf(Object items) {
        return object("type", "array", "items", items);
    }

    static Map<String, Object> anyOf(Object... schemas) {
        return object("anyOf", List.of(schemas));
    }
}
