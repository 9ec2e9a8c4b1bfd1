package tiddly.http;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tiddly.auth.Identity;
import tiddly.auth.PasswordHashing;
import tiddly.hook.Hooks;
import tiddly.hook.Sql;
import tiddly.permission.Permissions;
import tiddly.query.Fetch;
import tiddly.query.Query;
import tiddly.request.Call;
import tiddly.request.Cursors;
import tiddly.sql.Database;
import tiddly.sql.Reader;
import tiddly.sql.Result;
import tiddly.sql.SqlWriter;

/**
 * The stages a call goes through before it meets the database, the same for a request and for
 * each operation of a batch: admit (may the role use this verb on this table?), parse, restrict
 * (AND the role's row rules in), hash any password; then the sql stage's writer and reader.
 * The application's hooks (docs/extending.md) run between parse and restrict (before), on the
 * rows in the same transaction (after), and once the transaction committed (after commit).
 */
final class Pipeline {
    private final Parsers parsers;
    private final Permissions permissions;
    private final PasswordHashing passwords;
    private final Consumer<Query> committed;
    private final Hooks hooks;
    private final Sql ownTransactions;
    final SqlWriter writer;
    final Reader reader;
    final Cursors cursors;

    Pipeline(
            Parsers parsers,
            Permissions permissions,
            PasswordHashing passwords,
            Consumer<Query> committed,
            SqlWriter writer,
            Reader reader,
            Cursors cursors,
            Hooks hooks,
            Sql ownTransactions) {
        this.parsers = parsers;
        this.permissions = permissions;
        this.passwords = passwords;
        this.committed = committed;
        this.writer = writer;
        this.reader = reader;
        this.cursors = cursors;
        this.hooks = hooks;
        this.ownTransactions = ownTransactions;
    }

    /**
     * A call as the query model, twice: as asked (what a next cursor is signed for) and as it will
     * run, narrowed by the caller's rules.
     *
     * @param blind a write by a role that may not read the table: its answer shows only the keys of
     *     the rows it wrote, and no ETag
     */
    record Prepared(Query asked, Query query, boolean blind) {}

    Permissions permissions() {
        return permissions;
    }

    /** A read, or a write whose before hooks get no transaction (an import's records). */
    Prepared prepare(Identity identity, Call call) {
        return prepare(identity, call, Sql.NONE);
    }

    /** @param sql the transaction the before hooks may run SQL in */
    Prepared prepare(Identity identity, Call call, Sql sql) {
        return prepare(identity, parse(identity, call), sql);
    }

    /** Admitted and parsed: what needs no transaction, so a write parses before it waits for one. */
    Query parse(Identity identity, Call call) {
        permissions.admit(identity, call.verb(), call.table()); //   before the body is even parsed
        return parsers.forRole(identity.role()).parse(call); //      request → query model
    }

    /** A parsed call through the before hooks and the rules; {@code sql} is the transaction the hooks may use. */
    Prepared prepare(Identity identity, Query asked, Sql sql) {
        Query hooked = hooks.before(identity, asked, sql); //       the application's before hooks
        Query query = passwords.apply(permissions.restrict(identity, hooked)); // rules ANDed in, passwords hashed
        return new Prepared(asked, query, !permissions.mayRead(identity, query.table()));
    }

    /**
     * Whether a write must be prepared inside its transaction: only when before hooks run on it,
     * since preparing hashes passwords (bcrypt), which should not hold SQLite's write lock.
     */
    boolean preparedInTransaction(Query asked) {
        return hooks.hasBefore(asked);
    }

    /** Runs a prepared query in {@code transaction}, then the after hooks on its rows there. */
    Result run(Database.Transaction transaction, Identity identity, Query query) {
        Result result = transaction.run(writer.write(query));
        return after(identity, query, result, transaction.sql());
    }

    /** The rows as the after hooks leave them; a read has no transaction to give them. */
    Result after(Identity identity, Query query, Result result, Sql sql) {
        if (!hooks.hasAfter(query)) {
            return result;
        }
        return new Result(hooks.after(identity, query, result.rows(), result.count(), sql), result.count());
    }

    /** Whether after hooks run on the rows {@code fetch} reads. */
    boolean hasAfter(Fetch fetch) {
        return hooks.hasAfter(fetch);
    }

    /** Each row of a streamed list as the after hooks leave it: none, when they dropped it. */
    List<Map<String, Object>> afterRow(Identity identity, Fetch fetch, Map<String, Object> row) {
        return hooks.hasAfter(fetch) ? hooks.after(identity, fetch, List.of(row), 0, Sql.NONE) : List.of(row);
    }

    /**
     * After the transaction that ran {@code query} committed: what must follow a write (tokens
     * revoked), then the after-commit hooks.
     */
    void committed(Identity identity, Query query, Result result) {
        committed.accept(query);
        if (!(query instanceof Fetch)) {
            hooks.afterCommit(identity, query, result.rows(), result.count(), ownTransactions);
        }
    }
}
