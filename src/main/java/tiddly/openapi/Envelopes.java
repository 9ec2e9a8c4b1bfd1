package tiddly.openapi;

import java.util.List;
import java.util.Map;

/** The envelope every response is: {@code {"status":"success","data":…}} or the error form. */
final class Envelopes {
    private Envelopes() {}

    static Map<String, Object> success(Object data) {
        return Json.object(
                "type",
                "object",
                "properties",
                Json.object("status", Json.object("const", "success"), "data", data),
                "required",
                List.of("status", "data"));
    }

    /** The shared schemas: the error envelope, its codes, and the counts of bulk writes. */
    static void add(Map<String, Object> schemas, List<ErrorCodes.Code> codes) {
        schemas.put(
                "Error",
                Json.object(
                        "type",
                        "object",
                        "description",
                        "Every error. `code` is stable; `error` is for people and may be reworded.",
                        "properties",
                        Json.object(
                                "status",
                                Json.object("const", "error"),
                                "error",
                                Json.object("type", "string"),
                                "code",
                                Json.schema("ErrorCode"),
                                "request_id",
                                Json.object("type", "string", "description", "also the X-Request-Id header"),
                                "details",
                                Json.object(
                                        "type",
                                        "object",
                                        "additionalProperties",
                                        Json.object("type", "string"),
                                        "description",
                                        "with invalid_value: each bad column and its problem"),
                                "data",
                                Json.object(
                                        "description",
                                        "with etag_mismatch: the row as it is now; with a failed batch: {\"index\": N}")),
                        "required",
                        List.of("status", "error", "code")));
        StringBuilder table = new StringBuilder(
                "A stable error code (docs/errors.md):\n\n| code | HTTP | meaning |\n|---|---|---|\n");
        for (ErrorCodes.Code code : codes) {
            table.append("| `")
                    .append(code.code())
                    .append("` | ")
                    .append(code.status())
                    .append(" | ")
                    .append(code.meaning())
                    .append(" |\n");
        }
        schemas.put(
                "ErrorCode",
                Json.object(
                        "description",
                        table.toString(),
                        "anyOf",
                        List.of(
                                Json.object(
                                        "type",
                                        "string",
                                        "enum",
                                        codes.stream()
                                                .map(ErrorCodes.Code::code)
                                                .toList()),
                                Json.object(
                                        "type",
                                        "string",
                                        "pattern",
                                        "^http_[0-9]{3}$",
                                        "description",
                                        "a rejection by Jetty that has no code of its own"))));
        schemas.put("Updated", success(count("updated")));
        schemas.put("Deleted", success(count("deleted")));
    }

    private static Map<String, Object> count(String name) {
        return Json.object(
                "type",
                "object",
                "properties",
                Json.object(name, Json.object("type", "integer")),
                "required",
                List.of(name));
    }
}
