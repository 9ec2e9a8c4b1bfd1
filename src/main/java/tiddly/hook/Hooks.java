package tiddly.hook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.auth.Identity;
import tiddly.permission.Verb;
import tiddly.query.Delete;
import tiddly.query.Embed;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Query;

/**
 * The hooks and Java functions code embedding Tiddly registers (docs/extending.md), passed to
 * {@code Tiddly.start(settings, hooks)}. Hooks run in the order registered, per table ({@link
 * #EVERY_TABLE} for all) and per verb (none given: every verb).
 */
public final class Hooks {
    private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);
    /** The table name that registers a hook for every table. */
    public static final String EVERY_TABLE = "*";

    public static final Hooks NONE = builder().build();

    private record Registered<H>(String table, Set<Verb> verbs, H hook) {
        boolean applies(Query query) {
            return (table.equals(EVERY_TABLE) || table.equals(query.table().name()))
                    && (verbs.contains(verb(query)) || updating(query) && verbs.contains(Verb.UPDATE));
        }

        /** A hook of UPDATE, not of INSERT, that runs on an upsert for the rows it updates. */
        boolean onlyUpdating(Query query) {
            return updating(query) && !verbs.contains(Verb.INSERT);
        }
    }

    private final List<Registered<BeforeHook>> before;
    private final List<Registered<AfterHook>> after;
    private final List<Registered<AfterCommitHook>> afterCommit;
    private final Map<String, Registered<JavaFunction>> functions;
    private final Duration budget;

    private Hooks(Builder builder, Duration budget) {
        this.before = List.copyOf(builder.before);
        this.after = List.copyOf(builder.after);
        this.afterCommit = List.copyOf(builder.afterCommit);
        this.functions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.functions));
        this.budget = budget;
    }

    private Hooks(Hooks hooks, Duration budget) {
        this.before = hooks.before;
        this.after = hooks.after;
        this.afterCommit = hooks.afterCommit;
        this.functions = hooks.functions;
        this.budget = budget;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same hooks, each call of a before or after hook limited to {@code limit} (the statement timeout). */
    public Hooks budgeted(Duration limit) {
        return new Hooks(this, limit);
    }

    /** The verb a rule and a hook file an operation under: an upsert is an insert. */
    public static Verb verb(Query query) {
        if (query instanceof Fetch) {
            return Verb.READ;
        }
        if (query instanceof Insert) {
            return Verb.INSERT;
        }
        return query instanceof Delete ? Verb.DELETE : Verb.UPDATE;
    }

    /**
     * An upsert that updates the rows that exist ({@code on_conflict=update}): it is an update of
     * them, so the hooks of UPDATE run on it as well as those of INSERT; none may be skipped.
     */
    static boolean updating(Query query) {
        return query instanceof Insert insert
                && insert.onConflict()
                        .filter(conflict -> conflict.action() == OnConflict.Action.UPDATE)
                        .isPresent();
    }

    /** The Java functions by name, for {@code /_rpc}. */
    public Map<String, JavaFunction> functions() {
        Map<String, JavaFunction> named = new LinkedHashMap<>();
        functions.forEach((name, registered) -> named.put(name, registered.hook()));
        return named;
    }

    /** Whether the function was registered as read-only: callable by GET and QUERY too. */
    public boolean readOnly(String function) {
        Registered<JavaFunction> registered = functions.get(function);
        return registered != null && registered.verbs().equals(EnumSet.of(Verb.READ));
    }

    /**
     * {@code query} as the before hooks leave it; for a read, the embedded tables' read hooks run
     * on their embeds too (and theirs on theirs).
     */
    public Query before(Identity identity, Query query, Sql sql) {
        Before operation = new Before(identity, query, sql);
        for (Registered<BeforeHook> registered : before) {
            if (registered.applies(operation.query())) {
                // an update hook's where on an upsert: which existing rows it may change, as a PUT's
                operation.updating(registered.onlyUpdating(operation.query()));
                timed(operation.table(), "before", () -> registered.hook().before(operation));
                operation.updating(false);
            }
        }
        if (operation.query() instanceof Fetch fetch && !fetch.embeds().isEmpty()) {
            List<Embed> embeds = new ArrayList<>();
            for (Embed embed : fetch.embeds()) {
                embeds.add(new Embed(embed.relation(), (Fetch) before(identity, embed.fetch(), sql)));
            }
            return fetch.restricted(fetch.where(), embeds);
        }
        return operation.query();
    }

    /** Whether before hooks run on {@code query} (its embeds aside): if not, it needs no transaction to be prepared. */
    public boolean hasBefore(Query query) {
        return before.stream().anyMatch(registered -> registered.applies(query));
    }

    /** Whether after hooks run on {@code query}'s rows: if not, a list streams without them. */
    public boolean hasAfter(Query query) {
        return after.stream().anyMatch(registered -> registered.applies(query));
    }

    /** The rows as the after hooks leave them (copies: the hooks may change them). */
    public List<Map<String, Object>> after(
            Identity identity, Query query, List<Map<String, Object>> rows, long count, Sql sql) {
        List<Map<String, Object>> copies = new ArrayList<>(rows.size());
        rows.forEach(row -> copies.add(new LinkedHashMap<>(row)));
        After operation = new After(identity, query, copies, count, sql);
        for (Registered<AfterHook> registered : after) {
            if (registered.applies(query)) {
                timed(operation.table(), "after", () -> registered.hook().after(operation));
            }
        }
        return copies;
    }

    /**
     * After the write committed: each failure is logged, never sent; the write stands.
     *
     * @param sql runs each statement in a transaction of its own
     */
    public void afterCommit(Identity identity, Query query, List<Map<String, Object>> rows, long count, Sql sql) {
        for (Registered<AfterCommitHook> registered : afterCommit) {
            if (registered.applies(query)) {
                try {
                    registered.hook().afterCommit(new After(identity, query, List.copyOf(rows), count, sql));
                } catch (RuntimeException e) {
                    LOG.error(
                            "an after-commit hook on table '{}' failed; the write stands",
                            query.table().name(),
                            e);
                }
            }
        }
    }

    /** Runs a hook; one that took longer than the budget fails its operation, which then rolls back. */
    private void timed(String table, String point, Runnable hook) {
        long start = System.nanoTime();
        hook.run();
        long took = System.nanoTime() - start;
        if (budget != null && took > budget.toNanos()) {
            throw new HookTimeoutException(point, table, Duration.ofNanos(took), budget);
        }
    }

    /** Registers hooks and functions; {@link #build()} freezes them. */
    public static final class Builder {
        private final List<Registered<BeforeHook>> before = new ArrayList<>();
        private final List<Registered<AfterHook>> after = new ArrayList<>();
        private final List<Registered<AfterCommitHook>> afterCommit = new ArrayList<>();
        private final Map<String, Registered<JavaFunction>> functions = new LinkedHashMap<>();

        private Builder() {}

        /** @param verbs the verbs it runs for; none: every verb */
        public Builder before(String table, BeforeHook hook, Verb... verbs) {
            before.add(new Registered<>(table, verbs(verbs), hook));
            return this;
        }

        public Builder after(String table, AfterHook hook, Verb... verbs) {
            after.add(new Registered<>(table, verbs(verbs), hook));
            return this;
        }

        /** Writes only: a read commits nothing. */
        public Builder afterCommit(String table, AfterCommitHook hook, Verb... verbs) {
            afterCommit.add(new Registered<>(table, verbs(verbs), hook));
            return this;
        }

        /** A Java function callable as {@code POST /_rpc/name}; see {@link JavaFunction}. */
        public Builder function(String name, JavaFunction function) {
            return function(name, function, EnumSet.allOf(Verb.class));
        }

        /** A Java function that only reads: callable by {@code GET} and {@code QUERY} too. */
        public Builder readOnlyFunction(String name, JavaFunction function) {
            return function(name, function, EnumSet.of(Verb.READ));
        }

        private Builder function(String name, JavaFunction function, Set<Verb> verbs) {
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*") || functions.containsKey(name)) {
                throw new IllegalArgumentException("a function's name is letters, digits and _, once: '" + name + "'");
            }
            functions.put(name, new Registered<>(EVERY_TABLE, verbs, function));
            return this;
        }

        public Hooks build() {
            return new Hooks(this, null);
        }

        private static Set<Verb> verbs(Verb... verbs) {
            return verbs.length == 0 ? EnumSet.allOf(Verb.class) : EnumSet.copyOf(List.of(verbs));
        }
    }
}
