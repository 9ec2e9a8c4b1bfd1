package tiddly.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;

/** A successful answer: its status, its ETag header if any, and its envelope. */
record Reply(int status, Optional<String> etag, JsonObject envelope) {
    /** The envelope's {@code data}. */
    JsonElement data() {
        return Json.member(envelope, "data");
    }
}
