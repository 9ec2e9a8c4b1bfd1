package tiddly.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import spark.Response;

/**
 * A whole JSON body, sent with its Content-Length. A String a route returns goes out chunked
 * (Spark writes it without saying it is the last write), and chunking cost Jetty about a tenth
 * of the CPU time of a GET by key.
 */
final class JsonBody {
    private JsonBody() {}

    /** Writes {@code json} as the response's body; the route returns what this returns, "", so Spark adds nothing. */
    static String send(Response response, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.type(Envelope.JSON);
        response.raw().setContentLength(bytes.length);
        response.raw().getOutputStream().write(bytes);
        return "";
    }

    /** For an exception handler, where Spark writes the body it is given: {@code json} and its length. */
    static void set(Response response, String json) {
        response.type(Envelope.JSON);
        response.raw().setContentLength(json.getBytes(StandardCharsets.UTF_8).length);
        response.body(json);
    }
}
