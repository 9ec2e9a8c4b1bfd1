package tiddly.http;

import java.util.function.Consumer;
import tiddly.auth.Identity;
import tiddly.auth.PasswordHashing;
import tiddly.permission.Permissions;
import tiddly.query.Query;
import tiddly.request.Call;
import tiddly.request.Cursors;
import tiddly.sql.Reader;
import tiddly.sql.SqlWriter;

/**
 * The stages a call goes through before it meets the database, the same for a request and for
 * each operation of a batch: admit (may the role use this verb on this table?), parse, restrict
 * (AND the role's row rules in), hash any password; then the sql stage's writer and reader.
 */
final class Pipeline {
    private final Parsers parsers;
    private final Permissions permissions;
    private final PasswordHashing passwords;
    private final Consumer<Query> committed;
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
            Cursors cursors) {
        this.parsers = parsers;
        this.permissions = permissions;
        this.passwords = passwords;
        this.committed = committed;
        this.writer = writer;
        this.reader = reader;
        this.cursors = cursors;
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

    Prepared prepare(Identity identity, Call call) {
        permissions.admit(identity, call.verb(), call.table()); //   before the body is even parsed
        Query asked = parsers.forRole(identity.role()).parse(call); // request → query model
        Query query = passwords.apply(permissions.restrict(identity, asked)); // rules ANDed in, passwords hashed
        return new Prepared(asked, query, !permissions.mayRead(identity, query.table()));
    }

    /** After the transaction that ran {@code query} committed: what must follow a write (tokens revoked). */
    void committed(Query query) {
        committed.accept(query);
    }
}
