package tiddly.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The error codes of docs/errors.md, which the build copies into the jar: the document's codes
 * are the reference's own, so neither can forget one the other has.
 */
final class ErrorCodes {
    private static final String RESOURCE = "/tiddly/errors.md";

    /** One row of the reference's table; {@code meaning} is its first sentence. */
    record Code(String code, int status, String meaning) {}

    private ErrorCodes() {}

    static List<Code> read() {
        try (InputStream in = ErrorCodes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows {@code | `code` | status | meaning | example |} with a numeric status. */
    static List<Code> parse(String markdown) {
        List<Code> codes = new ArrayList<>();
        for (String line : markdown.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|");
            String code = cells[1].strip().replace("`", "");
            String status = cells[2].strip();
            if (status.matches("[0-9]{3}")) {
                codes.add(new Code(code, Integer.parseInt(status), firstSentence(cells[3].strip())));
            }
        }
        return codes;
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    /** One response per status, {@code Error400} and so on, whose code is one of that status's codes. */
    static Map<String, Object> responses(List<Code> codes) {
        Map<Integer, List<String>> byStatus = new TreeMap<>();
        for (Code code : codes) {
            byStatus.computeIfAbsent(code.status(), status -> new ArrayList<>()).add(code.code());
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        byStatus.forEach((status, names) -> responses.put(
                "Error" + status,
                Json.object(
                        "description",
                        "Error " + status + ": " + String.join(", ", names),
                        "headers",
                        Json.object("X-Request-Id", Json.header("X-Request-Id")),
                        "content",
                        Json.content(Json.object(
                                "allOf",
                                List.of(
                                        Json.schema("Error"),
                                        Json.object(
                                                "properties", Json.object("code", Json.object("enum", names)))))))));
        return responses;
    }
}
