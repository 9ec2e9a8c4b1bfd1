package tiddly.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ties each token /_login issues to its user as they were then: the token carries a stamp, an
 * HMAC of the user's key, password hash and role, and is accepted only while the users table
 * still gives the same stamp. Deleting the user, changing their password or role, or reusing
 * their id for someone else (whose hash has another salt) revokes every token issued before.
 *
 * <p>Stamps read from the table are kept for {@link #RECHECK_AFTER}, and forgotten at once when
 * a write to the users table commits through this server; a change made behind its back (by
 * another instance or program) is seen within that time.
 */
final class UserStamps {
    /** The claim that carries the stamp. */
    static final String CLAIM = "user_stamp";

    static final Duration RECHECK_AFTER = Duration.ofSeconds(5);
    private static final int MAX_KEPT = 10_000;
    private static final int STAMP_BYTES = 16;

    /** A stamp read from the table (empty: no such user), when, and in which generation of writes. */
    private record Seen(Optional<String> stamp, long generation, Instant at) {}

    private final Users users;
    private final SecretKeySpec key;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    UserStamps(Users users, byte[] secret, Clock clock) {
        this.users = users;
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** The stamp of {@code user} as they are now. */
    String of(Users.User user) {
        String content =
                "tiddly-user-stamp\0" + user.subject() + "\0" + user.hash().orElse("") + "\0" + user.role();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] tag = mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(tag, STAMP_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** Throws a 401 when {@code identity} comes from a stamped token whose user is gone or changed. */
    void check(Identity identity) {
        if (!(identity.claims().get(CLAIM) instanceof String stamp)
                || identity.subject().isEmpty()) {
            return; // not issued by /_login here: another issuer's token answers for itself
        }
        if (!current(identity.subject().get()).map(stamp::equals).orElse(false)) {
            throw Tokens.invalid("the bearer token was revoked: its user was deleted, or their password or role"
                    + " changed since it was issued; sign in again");
        }
    }

    /** A write to the users table committed: every stamp read before it may be stale. */
    void usersWritten() {
        generation.incrementAndGet();
    }

    private Optional<String> current(String subject) {
        long now = generation.get(); // read before the table, so a write committing meanwhile invalidates it
        Instant time = clock.instant();
        Seen known = seen.get(subject);
        if (known != null
                && known.generation() == now
                && time.isBefore(known.at().plus(RECHECK_AFTER))) {
            return known.stamp();
        }
        Optional<String> stamp = users.bySubject(subject).map(this::of);
        if (seen.size() >= MAX_KEPT) {
            seen.clear(); // a flood of subjects costs reads, never memory
        }
        seen.put(subject, new Seen(stamp, now, time));
        return stamp;
    }
}
