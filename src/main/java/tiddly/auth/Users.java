package tiddly.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.StartupException;
import tiddly.TiddlyException;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Selected;
import tiddly.query.Where;
import tiddly.request.RuleParser;
import tiddly.schema.Column;
import tiddly.schema.Schema;
import tiddly.schema.Table;
import tiddly.sql.Database;
import tiddly.sql.Reader;

/**
 * The users table: checks a user name (such as an email) and password for /_login and HTTP Basic.
 * Reads one row through the sql stage, by a query built from the schema with the name bound.
 */
final class Users {
    private static final Logger LOG = LoggerFactory.getLogger(Users.class);

    /** A user: the key as the token's {@code sub}, the role, and the stored password hash. */
    record User(String subject, String role, Optional<String> hash) {}

    private final UsersTable config;
    private final Table table;
    private final Column key;
    private final Column identity;
    private final Column password;
    private final Optional<Column> role;
    private final Database database;
    private final Reader reader;
    private final Passwords passwords;
    private final RuleParser keys;

    Users(UsersTable config, Schema schema, Database database, Passwords passwords) {
        this.config = config;
        this.table = schema.table(config.table())
                .orElseThrow(() ->
                        new StartupException("auth.users.table: the database has no table '" + config.table() + "'"));
        this.key = table.singleKey()
                .orElseThrow(() -> new StartupException("auth.users.table: table '" + table.name()
                        + "' needs a primary key of one column, whose value becomes each token's sub"));
        this.identity = column("identity", config.identity());
        this.password = column("password", config.password());
        this.role = config.role().map(name -> column("role", name));
        if (!password.hidden()) {
            LOG.warn(
                    "auth.users.password: column '{}' of '{}' is not hidden, so whoever may read '{}' reads its"
                            + " hashes; add it to --hidden-columns",
                    password.name(),
                    table.name(),
                    table.name());
        }
        this.database = database;
        this.reader = new Reader(database.dialect());
        this.passwords = passwords;
        this.keys = new RuleParser(schema);
    }

    /** What the login body and error messages call the user name: the identity column, such as "email". */
    String identityName() {
        return identity.name();
    }

    /**
     * The user, if {@code name} names one whose stored hash {@code given} matches; always one
     * bcrypt check. An empty password never matches, whatever was stored.
     */
    Optional<User> check(String name, String given) {
        Optional<User> user = find(identity, name);
        Optional<String> hash = user.flatMap(User::hash);
        if (!passwords.matches(given, hash) || user.isEmpty() || given.isEmpty()) {
            return Optional.empty();
        }
        return user;
    }

    /** The user whose key is {@code subject}, as a token's {@code sub} names them. */
    Optional<User> bySubject(String subject) {
        Object value;
        try {
            value = keys.value(key, subject);
        } catch (TiddlyException e) {
            return Optional.empty(); // not a key of this table: no user
        }
        return find(key, value);
    }

    /** The user whose {@code column} is {@code value}; the lowest key wins should the column not be unique. */
    private Optional<User> find(Column column, Object value) {
        return row(column, value)
                .map(row -> new User(
                        String.valueOf(row.get(key.name())),
                        role.map(roleColumn -> row.get(roleColumn.name()))
                                .map(String::valueOf)
                                .orElse(config.defaultRole()),
                        Optional.ofNullable(row.get(password.name()))
                                .filter(String.class::isInstance)
                                .map(String.class::cast)));
    }

    private Optional<Map<String, Object>> row(Column by, Object value) {
        List<Selected> select = new ArrayList<>(List.of(new Selected.Field(key), new Selected.Field(password)));
        role.ifPresent(roleColumn -> select.add(new Selected.Field(roleColumn)));
        Fetch fetch = new Fetch(
                table,
                select,
                new Where.Compare(by, Where.Operator.EQ, value),
                List.of(),
                Where.ALL,
                List.of(new Order(key, false, Order.Nulls.DEFAULT)),
                new Page(1, 0),
                true,
                false,
                false,
                false,
                List.of());
        List<Map<String, Object>> rows = new ArrayList<>();
        // on the primary: a password changed or a user deleted counts at once, not after a replica's lag
        reader.read(database.primary(), fetch, rows::add);
        return rows.stream().findFirst();
    }

    private Column column(String setting, String name) {
        return table.column(name)
                .orElseThrow(() -> new StartupException(
                        "auth.users." + setting + ": table '" + table.name() + "' has no column '" + name + "'"));
    }

    /** The users table and its password column: what {@link PasswordHashing} hashes. */
    Table table() {
        return table;
    }

    Column password() {
        return password;
    }
}
