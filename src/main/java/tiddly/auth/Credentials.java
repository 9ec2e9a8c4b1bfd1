package tiddly.auth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.util.Set;

/** A /_login body: {@code {"<identity column>": "…", "password": "…"}}, such as email and password. */
record Credentials(String name, String password) {

    static Credentials parse(String body, String identity) {
        JsonElement json;
        try {
            JsonReader reader = new JsonReader(new StringReader(body));
            reader.setStrictness(Strictness.STRICT);
            json = JsonParser.parseReader(reader);
        } catch (JsonParseException e) {
            throw LoginException.invalidJson("body is not valid JSON");
        }
        String expected = "the body must be {\"" + identity + "\": \"…\", \"password\": \"…\"}";
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
