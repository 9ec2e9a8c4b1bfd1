package tiddly.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import spark.Request;
import spark.Response;
import tiddly.auth.Identity;
import tiddly.sql.IdempotentTransactions.Answer;
import tiddly.sql.IdempotentTransactions.Key;
import tiddly.sql.Outcomes.Outcome;

/**
 * Reads a write's Idempotency-Key header: at most 255 visible ASCII characters, kept per caller
 * (a signed-in user, or else a role), with a fingerprint of the request it came with.
 */
final class IdempotencyKeys {
    static final String HEADER = "Idempotency-Key";
    /** Set on an answer that was stored by the key's first request and is sent again. */
    static final String REPLAYED = "Idempotent-Replayed";

    private static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {}

    /** The key of a write, if it was sent with one; {@code body} is the request's body as read. */
    static Optional<Key> of(Request request, Identity identity, String body) {
        String key = request.headers(HEADER);
        if (key == null) {
            return Optional.empty();
        }
        if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw HttpException.invalidIdempotencyKey(MAX_LENGTH);
        }
        return Optional.of(new Key(scope(identity), key, fingerprint(request, body)));
    }

    /**
     * The outcome to send for a keyed write: a replay is marked as one, and only a first run goes
     * on to what follows its commit (tokens revoked, after-commit hooks), so a retry repeats no
     * side effect.
     */
    static Outcome answered(Answer answer, Response response, Runnable committed) {
        if (answer.replayed()) {
            response.header(REPLAYED, "true");
        } else {
            committed.run();
        }
        return answer.outcome();
    }

    /**
     * Whose keys these are: a signed-in user's under their role (the same sub under another role,
     * after a demotion or in another issuer's roles, must not be handed an answer its role may not
     * see), or else a role's. A long or non-ASCII scope is kept as its SHA-256, so that it fits
     * MariaDB's ASCII column of 255 characters whole and is never cut to a prefix another shares.
     */
    static String scope(Identity identity) {
        String role = identity.role();
        String scope = identity.subject()
                .map(subject -> "user:" + role.length() + ":" + role + ":" + subject)
                .orElse("role:" + role);
        if (scope.length() <= MAX_LENGTH && scope.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return scope;
        }
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(scope.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The request's method, target, If-Match and body: what makes a retry the same request. */
    private static String fingerprint(Request request, String body) {
        MessageDigest sha256 = sha256();
        for (String part : new String[] {
            request.requestMethod(),
            request.raw().getRequestURI(),
            Optional.ofNullable(request.raw().getQueryString()).orElse(""),
            Optional.ofNullable(request.headers("If-Match")).orElse(""),
            body
        }) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) ':');
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
