package tiddly.auth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Set;
import tiddly.request.BadRequestException;
import tiddly.request.StrictJson;

/**
 * A /_login body: {@code {"<identity column>": "…", "password": "…"}}, such as email and password.
 * It is read as strictly as every other body ({@link StrictJson}): a duplicate key, a comment or
 * data after the object is a 400 {@code invalid_json}, where Gson's parser took the last of two
 * names and ignored what followed.
 */
record Credentials(String name, String password) {

    static Credentials parse(String body, String identity) {
        String expected = "the body must be {\"" + identity + "\": \"…\", \"password\": \"…\"}";
        if (body.isBlank()) {
            throw LoginException.invalidBody(expected);
        }
        JsonElement json;
        try {
            json = StrictJson.parse(body, "body");
        } catch (BadRequestException e) {
            throw LoginException.invalidJson(e.getMessage());
        }
        if (!json.isJsonObject()) {
            throw LoginException.invalidBody(expected);
        }
        JsonObject object = json.getAsJsonObject();
        for (String key : object.keySet()) {
            if (!Set.of(identity, "password").contains(key)) {
                throw LoginException.invalidBody("unknown key '" + key + "': " + expected);
            }
        }
        return new Credentials(text(object, identity, expected), text(object, "password", expected));
    }

    private static String text(JsonObject object, String key, String expected) {
        JsonElement value = object.get(key);
        if (value == null
                || !value.isJsonPrimitive()
                || !value.getAsJsonPrimitive().isString()) {
            throw LoginException.invalidBody("'" + key + "' must be a string: " + expected);
        }
        return value.getAsString();
    }
}
