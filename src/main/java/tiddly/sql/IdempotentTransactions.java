package tiddly.sql;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tiddly.sql.Outcomes.Outcome;

/**
 * Writes sent with an Idempotency-Key run at most once: the key is taken, the write runs and its
 * answer is stored, all in one transaction. A retry with the same key and request gets the stored
 * answer; the same key with another request is refused. Keys are kept for {@link #KEPT}.
 */
public final class IdempotentTransactions {
    /** How long a key's answer is kept: a day, as payment APIs keep theirs. */
    public static final Duration KEPT = Duration.ofHours(24);
    /** Expired keys are deleted at most this often, by the write that finds the time has come. */
    private static final long PRUNE_EVERY_MILLIS = 60_000;

    /** The answer to a keyed write, and whether it is a stored one (the write ran before). */
    public record Answer(Outcome outcome, boolean replayed) {}

    /** A write's request as its key identifies it. */
    public record Key(String scope, String key, String fingerprint) {}

    private final Database database;
    private final Outcomes outcomes;
    private volatile boolean created;
    private volatile long nextPrune;

    public IdempotentTransactions(Database database) {
        this.database = database;
        this.outcomes = new Outcomes(database.engine());
    }

    /** Runs {@code write} in one transaction unless a request with the same key ran it: then its answer. */
    public Answer run(Key key, Function<Database.Transaction, Outcome> write) {
        createTable();
        return database.transaction(inside -> {
            long now = System.currentTimeMillis();
            if (inside.update(outcomes.claim(key.scope(), key.key(), key.fingerprint(), now)) == 0) {
                Optional<Answer> earlier = earlier(inside, key, now);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                inside.update(outcomes.reclaim(key.scope(), key.key(), key.fingerprint(), now));
            }
            Outcome outcome = write.apply(inside);
            inside.update(outcomes.settle(key.scope(), key.key(), outcome));
            if (now >= nextPrune) {
                nextPrune = now + PRUNE_EVERY_MILLIS;
                inside.update(outcomes.prune(now - KEPT.toMillis()));
            }
            return new Answer(outcome, false);
        });
    }

    /** The stored answer of the key's first request; empty when the key expired and may be taken again. */
    private Optional<Answer> earlier(Database.Transaction inside, Key key, long now) {
        Outcomes.Stored stored = inside.list(outcomes.find(key.scope(), key.key())).stream()
                .findFirst()
                .map(Outcomes::stored)
                .orElseThrow(() -> Failures.conflict(null)); // taken, then gone: a prune met it; try again
        if (stored.at() < now - KEPT.toMillis()) {
            return Optional.empty();
        }
        if (!stored.fingerprint().equals(key.fingerprint())) {
            throw new IdempotencyKeyReusedException();
        }
        // a key is settled in the transaction that took it, so a visible key always has its answer
        return Optional.of(new Answer(stored.outcome().orElseThrow(), true));
    }

    private void create() {
        database.transaction(inside -> inside.update(new Statement(outcomes.create(), List.of(), List.of(), false)));
    }

    private void createTable() {
        if (!created) {
            synchronized (this) {
                if (!created) {
                    try {
                        create();
                    } catch (DatabaseException e) {
                        if (!e.code().equals("database_error") && !e.code().equals("unique_violation")) {
                            throw e;
                        }
                        // Another instance created the table at the same moment: PostgreSQL's IF NOT
                        // EXISTS misses a table still being created, then fails on its catalogue's
                        // unique index when that one commits (23505, a unique_violation with no
                        // table of ours). The table is there now: this is a no-op.
                        create();
                    }
                    created = true;
                }
            }
        }
    }
}
