package tiddly.request;

import com.google.gson.JsonElement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operation of a {@code POST /_batch}: a request as it would be sent alone, whose body may
 * still hold {@code {"$ref": "N.col"}} placeholders.
 */
public record Operation(
        String method,
        String table,
        Optional<String> key,
        JsonElement body,
        Map<String, List<String>> params,
        Optional<String> ifMatch) {

    /** The call this operation makes once its references are resolved against earlier rows. */
    public Call call(List<Map<String, Object>> produced, int index) {
        String text =
                body.isJsonNull() ? "" : Refs.resolve(body, produced, index).toString();
        return new Call(method, table, key, text, params, ifMatch);
    }
}
