package tiddly.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The client's only user of {@link HttpClient}: sends a {@link Call} with the caller's
 * credentials, sends repeatable calls again after a 503 or a lost answer as {@link Retry} says,
 * and turns error envelopes into {@link TiddlyClientException}s.
 *
 * <p>Read-your-writes across instances: the newest {@code Tiddly-Position} the server answered
 * (a write's, over PostgreSQL read replicas) goes with every later request, so that a read through
 * any instance behind a load balancer sees the writes this client was answered for
 * (docs/scaling.md).
 */
final class Transport {
    private final HttpClient http;
    private final String base;
    private final Retry retry;
    private volatile Auth auth;
    /** The newest position answered so far; null before any (always, without read replicas). */
    private final AtomicReference<String> position = new AtomicReference<>();

    private static final String POSITION = "Tiddly-Position";
    private static final Pattern POSITION_FORM = Pattern.compile("[0-9A-Fa-f]{16}");

    Transport(HttpClient http, URI base, Auth auth, Retry retry) {
        this.http = http;
        this.base = base.toString().replaceAll("/+$", "");
        this.auth = auth;
        this.retry = retry;
    }

    void auth(Auth next) {
        auth = next;
    }

    /** Sends {@code call}; a 2xx answer is its reply, anything else a thrown error. */
    Reply send(Call call) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = exchange(request(call).build(), HttpResponse.BodyHandlers.ofString());
                response.headers().firstValue(POSITION).ifPresent(this::answered);
            } catch (TiddlyClientException noAnswer) {
                Optional<Duration> wait = call.repeatable() && noAnswer.code().equals("connection_failed")
                        ? retry.delay(attempt + 1, Optional.empty(), ZonedDateTime.now())
                        : Optional.empty();
                if (wait.isEmpty()) {
                    throw noAnswer;
                }
                sleep(wait.get());
                continue;
            }
            Optional<String> retryAfter = response.headers().firstValue("Retry-After");
            if (response.statusCode() == 503 && call.repeatable()) {
                Optional<Duration> wait = retry.delay(attempt + 1, retryAfter, ZonedDateTime.now());
                if (wait.isPresent()) {
                    sleep(wait.get());
                    continue;
                }
            }
            JsonObject envelope = envelope(response.statusCode(), response.body());
            if (response.statusCode() >= 400) {
                throw error(response.statusCode(), envelope, response.headers().firstValue("ETag"));
            }
            return new Reply(response.statusCode(), response.headers().firstValue("ETag"), envelope);
        }
    }

    /** Opens a stream of Server-Sent Events for {@code call}: its lines, read as they come. */
    HttpResponse<Stream<String>> events(Call call) {
        HttpResponse<Stream<String>> response = exchange(
                request(call.withHeader("Accept", "text/event-stream")).build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() >= 400) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", (Iterable<String>) lines::iterator);
            }
            throw error(response.statusCode(), envelope(response.statusCode(), body), Optional.empty());
        }
        return response;
    }

    private HttpRequest.Builder request(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + call.path()))
                .method(
                        call.method(),
                        call.body()
                                .map(body -> HttpRequest.BodyPublishers.ofString(Json.write(body)))
                                .orElse(HttpRequest.BodyPublishers.noBody()))
                .header("Accept", "application/json");
        if (call.body().isPresent()) {
            builder.header("Content-Type", "application/json; charset=utf-8");
        }
        String newest = position.get();
        if (newest != null) {
            builder.header(POSITION, newest);
        }
        Auth current = auth;
        current.header().ifPresent(name -> builder.header(name, current.value()));
        call.headers().forEach(builder::setHeader);
        return builder;
    }

    /**
     * Keeps {@code given} if it is newer than the position kept: positions are 16 hexadecimal
     * digits, so the greater text is the newer. Anything else (a proxy's mangling) is not kept.
     */
    private void answered(String given) {
        if (POSITION_FORM.matcher(given).matches()) {
            String upper = given.toUpperCase(java.util.Locale.ROOT);
            position.accumulateAndGet(upper, (kept, next) -> kept == null || next.compareTo(kept) > 0 ? next : kept);
        }
    }

    /** The newest Tiddly-Position answered so far, if any. */
    Optional<String> position() {
        return Optional.ofNullable(position.get());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw TiddlyClientException.local(
                    "connection_failed", request.method() + " " + request.uri() + " got no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TiddlyClientException.local(
                    "interrupted", request.method() + " " + request.uri() + " was interrupted");
        }
    }

    private static JsonObject envelope(int status, String body) {
        if (body == null || body.isBlank()) {
            return new JsonObject();
        }
        try {
            JsonElement parsed = com.google.gson.JsonParser.parseString(body);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
        } catch (com.google.gson.JsonParseException notJson) {
            if (status < 400) {
                throw TiddlyClientException.local("invalid_json", "the server's answer is not JSON");
            }
            return new JsonObject(); // a proxy's HTML error page: the status says enough
        }
    }

    /** The error envelope as an exception; a body that is not one keeps the status as its code. */
    static TiddlyClientException error(int status, JsonObject envelope, Optional<String> etag) {
        String code = text(envelope, "code").orElse("http_" + status);
        String message = text(envelope, "error").orElse("the server answered " + status);
        Map<String, String> details = new LinkedHashMap<>();
        JsonElement given = envelope.get("details");
        if (given != null && given.isJsonObject()) {
            given.getAsJsonObject()
                    .entrySet()
                    .forEach(entry -> details.put(
                            entry.getKey(),
                            entry.getValue().isJsonPrimitive()
                                    ? entry.getValue().getAsString()
                                    : entry.getValue().toString()));
        }
        return new TiddlyClientException(
                status,
                code,
                message,
                details,
                text(envelope, "request_id").orElse(null),
                Json.member(envelope, "data"),
                etag.orElse(null));
    }

    private static Optional<String> text(JsonObject envelope, String name) {
        JsonElement element = envelope.get(name);
        return element != null && element.isJsonPrimitive() ? Optional.of(element.getAsString()) : Optional.empty();
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TiddlyClientException.local("interrupted", "interrupted while waiting to retry");
        }
    }
}
