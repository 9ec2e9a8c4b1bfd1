package tiddly.openapi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An Operation Object: what every path's verbs are made of. */
final class Operations {
    private Operations() {}

    static Map<String, Object> operation(
            String id,
            String tag,
            String summary,
            Optional<String> description,
            List<Object> parameters,
            Optional<Map<String, Object>> body,
            Map<String, Object> responses) {
        Map<String, Object> operation = Json.object("tags", List.of(tag), "summary", summary);
        description.ifPresent(text -> operation.put("description", text));
        operation.put("operationId", id);
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        body.ifPresent(requestBody -> operation.put("requestBody", requestBody));
        operation.put("responses", responses);
        return operation;
    }
}
