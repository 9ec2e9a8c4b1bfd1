package tiddly.request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses request JSON strictly (RFC 8259): no comments, single quotes, NaN, duplicate keys,
 * unpaired surrogates or trailing data; numbers stay exact as BigDecimal; nesting is bounded.
 */
public final class StrictJson {
    static final int MAX_DEPTH = 64;
    private static final Pattern POSITION = Pattern.compile("at line (\\d+) column (\\d+)");

    private StrictJson() {}

    static JsonElement parse(String text) {
        return parse(text, "body");
    }

    /**
     * @param what names the text in messages: "body", "query parameter 'where'"
     * @throws BadRequestException (invalid_json) naming the problem: a duplicate key, a syntax error
     */
    public static JsonElement parse(String text, String what) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(MAX_DEPTH);
        try {
            JsonElement value = read(reader);
            if (!atEnd(reader)) {
                throw BadRequestException.invalidJson(what + " is not valid JSON: unexpected data after the value");
            }
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw BadRequestException.invalidJson(what + " is not valid JSON" + describe(e));
        }
    }

    /** Whether only white space follows; a strict reader throws on anything else, so both count as data. */
    private static boolean atEnd(JsonReader reader) {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException trailingData) {
            return false;
        }
    }

    private static JsonElement read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = checked(reader.nextName());
                    if (object.has(name)) {
                        throw BadRequestException.invalidJson("JSON has a duplicate key '" + name + "'");
                    }
                    object.add(name, read(reader));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(checked(reader.nextString()));
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw BadRequestException.invalidJson("JSON has an unexpected " + reader.peek());
        }
    }

    /** JSON escapes can spell half a surrogate pair, which no UTF-8 text or database can hold. */
    private static String checked(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw BadRequestException.invalidJson("JSON string holds an unpaired surrogate");
            }
        }
        return text;
    }

    private static String describe(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Nesting limit")) {
            return ": nested deeper than " + MAX_DEPTH + " levels";
        }
        if (e instanceof EOFException) {
            return ": it ends too early";
        }
        Matcher position = POSITION.matcher(message);
        return position.find() ? " (line " + position.group(1) + ", column " + position.group(2) + ")" : "";
    }
}
