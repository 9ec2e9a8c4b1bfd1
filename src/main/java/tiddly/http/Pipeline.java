package tiddly.http;

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
    final SqlWriter writer;
    final Reader reader;
    final Cursors cursors;

    Pipeline(
            Parsers parsers,
            Permissions permissions,
            PasswordHashing passwords,
            SqlWriter writer,
            Reader reader,
            Cursors cursors) {
        this.parsers = parsers;
        this.permissions = permissions;
        this.passwords = passwords;
        this.writer = writer;
        this.reader = reader;
        this.cursors = cursors;
    }

    /**
     * A call as the query model, twice: as asked (what a next cursor is signed for) and as it will
     * run, narrowed by the caller's rules.
     */
    record Prepared(Query asked, Query query) {}

    Permissions permissions() {
        return permissions;
    }

    Prepared prepare(Identity identity, Call call) {
        permissions.admit(identity, call.verb(), call.table()); //   before the body is even parsed
        Query asked = parsers.forRole(identity.role()).parse(call); // request → query model
        Query query = passwords.apply(permissions.restrict(identity, asked)); // rules ANDed in, passwords hashed
        return new Prepared(asked, query);
    }
}
