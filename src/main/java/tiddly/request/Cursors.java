package tiddly.request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tiddly.query.Fetch;
import tiddly.query.JsonText;
import tiddly.query.Order;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;

/**
 * Keyset cursors: the order-by values of the last row a page showed, with a fingerprint of the
 * query they belong to, signed with the server's secret so that a changed cursor is refused.
 * Format: base64url(JSON {"q": fingerprint, "v": [values]}) "." base64url(HMAC-SHA256, 128 bits).
 */
public final class Cursors {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** @param secret shared by every instance serving the same clients, so cursors work on any of them */
    public Cursors(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The cursor for the rows after {@code values} in {@code fetch}'s order. */
    public String encode(Fetch fetch, List<Object> values) {
        JsonArray array = new JsonArray();
        for (Object value : values) {
            if (value instanceof JsonText json) {
                array.add(json.json()); // a JSON column's text: the position compares with it as text
            } else {
                array.add(
                        value instanceof Double real && !Double.isFinite(real)
                                ? nonFinite(real)
                                : JsonValues.of(value));
            }
        }
        JsonObject payload = new JsonObject();
        payload.addProperty("q", fingerprint(fetch));
        payload.add("v", array);
        String text = ENCODER.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        return text + "." + ENCODER.encodeToString(sign(text));
    }

    /** The position {@code cursor} names, checked against {@code fetch}, as typed values. */
    List<Object> decode(Fetch fetch, String cursor) {
        int dot = cursor.indexOf('.');
        byte[] signature;
        JsonObject payload;
        try {
            signature = DECODER.decode(cursor.substring(dot + 1));
            if (dot < 0 || !MessageDigest.isEqual(signature, sign(cursor.substring(0, dot)))) {
                throw invalid("it was changed or is not a cursor of this server");
            }
            payload = StrictJson.parse(new String(DECODER.decode(cursor.substring(0, dot)), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw invalid("it is not a cursor of this server");
        }
        if (!fingerprint(fetch).equals(payload.get("q").getAsString())) {
            throw invalid("it belongs to another query; send the same where, orderby and select with it");
        }
        JsonArray values = payload.getAsJsonArray("v");
        List<Order> orders = fetch.orderBy();
        List<Object> after = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            after.add(value(orders.get(i).column(), values.get(i)));
        }
        return after;
    }

    /**
     * A position value as the database gave it, not as a client must send one: the cursor is
     * signed, and SQLite may hold a number in a DATE column or text in an INTEGER one.
     */
    private static Object value(Column column, JsonElement json) {
        if (json.isJsonNull()) {
            return null;
        }
        if (json.isJsonObject()) {
            return Double.parseDouble(json.getAsJsonObject().get("double").getAsString());
        }
        JsonPrimitive primitive = json.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            BigDecimal number = primitive.getAsBigDecimal();
            if (number.scale() <= 0 && number.precision() - number.scale() <= 18) {
                return number.longValue(); // not in a ?: with the double, which would widen it
            }
            return number.doubleValue();
        }
        return column.type() == ColumnType.BLOB
                ? Base64.getDecoder().decode(primitive.getAsString())
                : primitive.getAsString();
    }

    /** JSON has no Infinity; SQLite can hold one in a REAL column. */
    private static JsonObject nonFinite(Double real) {
        JsonObject tagged = new JsonObject();
        tagged.addProperty("double", real.toString());
        return tagged;
    }

    /** What the query asks, apart from its page and extras, hashed: a cursor is only valid for it. */
    static String fingerprint(Fetch fetch) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(Fingerprint.of(fetch).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private byte[] sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static BadRequestException invalid(String why) {
        return BadRequestException.invalidCursor("invalid cursor: " + why);
    }
}
