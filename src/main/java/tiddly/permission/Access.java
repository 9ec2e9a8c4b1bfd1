package tiddly.permission;

import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * One verb's rule for one role and table: denied, allowed, or allowed for rows matching
 * {@code where}; {@code set} forces column values on insert, such as the owner from the token.
 * Both may hold {@code $auth.*} placeholders.
 */
public record Access(boolean allowed, Optional<JsonObject> where, JsonObject set) {
    public static final Access DENIED = new Access(false, Optional.empty(), new JsonObject());
    public static final Access ALLOWED = new Access(true, Optional.empty(), new JsonObject());
}
