package tiddly.http;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import spark.Request;
import spark.Response;

/**
 * Every request gets an id, sent back as X-Request-Id and in error envelopes, and written in the
 * log beside the details an envelope leaves out. A client's own X-Request-Id is kept when it is
 * a plain token, so ids can follow a request across services.
 */
final class RequestIds {
    static final String ATTRIBUTE = "tiddly.request_id";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {}

    static void assign(Request request, Response response) {
        String given = request.headers("X-Request-Id");
        String id = given != null && PLAIN.matcher(given).matches()
                ? given
                : Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        request.attribute(ATTRIBUTE, id);
        response.header("X-Request-Id", id);
    }

    static Optional<String> of(Request request) {
        return Optional.ofNullable(request.attribute(ATTRIBUTE));
    }
}
