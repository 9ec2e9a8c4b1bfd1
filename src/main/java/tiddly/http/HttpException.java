package tiddly.http;

import tiddly.TiddlyException;

/** Errors of the HTTP layer itself: routing, body size and encoding, missing rows. */
final class HttpException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private HttpException(int status, String code, String message) {
        super(status, code, message);
    }

    static HttpException noRoute(String method, String path) {
        return new HttpException(404, "no_route", "no route for " + method + " " + path);
    }

    /** A 500: a bug, logged with its cause; the client gets no details. */
    static HttpException internal() {
        return new HttpException(500, "internal_error", "the server failed to answer; its log has the details");
    }

    /** Only the admin role reloads the schema once there are rules. */
    static HttpException adminOnly() {
        return new HttpException(403, "forbidden", "only the admin role may reload the schema");
    }

    /** An operator's route under rules, called by another role. */
    static HttpException operatorOnly(String roles, String what) {
        return new HttpException(403, "forbidden", "only the " + roles + " role may " + what);
    }

    /** An operator's route on a server without rules, called from another machine or through a proxy. */
    static HttpException localOnly(String what) {
        return new HttpException(
                403,
                "forbidden",
                "with no rules, only a caller on the server's own machine may " + what
                        + "; give rules with --config and sign in as admin");
    }

    /** {@code /_ready} while the server stops or the database does not answer. */
    static HttpException notReady(String why) {
        return new HttpException(503, "not_ready", why);
    }

    static HttpException invalidIdempotencyKey(int maxLength) {
        return new HttpException(
                400,
                "invalid_idempotency_key",
                "an Idempotency-Key is 1 to " + maxLength + " visible ASCII characters (a UUID will do)");
    }

    /** A CSV or NDJSON import streams its rows in many transactions: one key cannot stand for it. */
    static HttpException idempotencyNotSupported() {
        return new HttpException(
                400,
                "idempotency_not_supported",
                "an import (a CSV or NDJSON body) cannot take an Idempotency-Key; send the rows as a JSON array");
    }

    /** An import takes no query parameter; JSON bodies take on_conflict. */
    static HttpException importParameter(String name) {
        return new HttpException(
                400,
                "invalid_body",
                "an import (a CSV or NDJSON body) takes no query parameter, not '" + name
                        + "': it only inserts; send the rows as a JSON array for on_conflict");
    }

    static HttpException rowNotFound(String table) {
        return new HttpException(404, "row_not_found", "no row of '" + table + "' has that key");
    }

    static HttpException bodyTooLarge(long max) {
        return new HttpException(413, "body_too_large", "the body is larger than the maximum of " + max + " bytes");
    }

    static HttpException incompleteBody() {
        return new HttpException(400, "incomplete_body", "the body ended, or stalled, before all of it arrived");
    }

    /** Jetty gave up on a body arriving slower than the minimum data rate (or otherwise broken). */
    static HttpException bodyTooSlow(int status) {
        return status == 408
                ? new HttpException(
                        408, "body_too_slow", "the body stalled longer than the idle timeout and was cut off")
                : incompleteBody();
    }

    static HttpException notUtf8() {
        return new HttpException(400, "invalid_encoding", "the body is not valid UTF-8");
    }

    static HttpException invalidUrl(String detail) {
        return new HttpException(400, "invalid_url", "the URL is malformed: " + detail);
    }

    /** A write from a web page's origin that --cors-origins does not name, in a type any page can send. */
    static HttpException crossOrigin(String method, String origin, String contentType) {
        return new HttpException(
                403,
                "cross_origin_refused",
                "a " + method + " from the origin '" + origin + "' must be sent with Content-Type: application/json,"
                        + " not " + (contentType == null ? "without one" : "'" + contentType + "'")
                        + ": --cors-origins does not name that origin, and any web page can make a browser send"
                        + " other types with its user's saved credentials");
    }

    /** A query parameter of one of Tiddly's own routes is not one it takes. */
    static HttpException invalidParameter(String message) {
        return new HttpException(400, "invalid_body", message);
    }

    static HttpException methodOverride() {
        return new HttpException(
                400,
                "method_override_refused",
                "X-HTTP-Method-Override is not accepted; send the method itself (FETCH, QUERY, PUT, DELETE) or POST /t/_query");
    }
}
