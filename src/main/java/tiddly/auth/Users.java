package tiddly.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.StartupException;
import tiddly.query.Fetch;
import tiddly.query.Order;
import tiddly.query.Page;
import tiddly.query.Selected;
import tiddly.query.Where;
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

    /** A user whose password checked out: the key as the token's {@code sub}, and the role. */
    record User(String subject, String role) {}

    private final UsersTable config;
    private final Table table;
    private final Column key;
    private final Column identity;
    private final Column password;
    private final Optional<Column> role;
    private final Database database;
    private final Reader reader;
    private final Passwords passwords;

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
    }

    /** What the login body and error messages call the user name: the identity column, such as "email". */
    String identityName() {
        return identity.name();
    }

    /** The user, if {@code name} names one whose stored hash {@code given} matches; always one bcrypt check. */
    Optional<User> check(String name, String given) {
        Optional<Map<String, Object>> row = find(name);
        Optional<String> hash = row.map(values -> values.get(password.name()))
                .filter(String.class::isInstance)
                .map(String.class::cast);
        if (!passwords.matches(given, hash) || row.isEmpty()) {
            return Optional.empty();
        }
        String userRole = role.map(column -> row.get().get(column.name()))
                .map(String::valueOf)
                .orElse(config.defaultRole());
        return Optional.of(new User(String.valueOf(row.get().get(key.name())), userRole));
    }

    /** The row of the user named {@code name}; the lowest key wins should the column not be unique. */
    private Optional<Map<String, Object>> find(String name) {
        List<Selected> select = new ArrayList<>(List.of(new Selected.Field(key), new Selected.Field(password)));
        role.ifPresent(column -> select.add(new Selected.Field(column)));
        Fetch fetch = new Fetch(
                table,
                select,
                new Where.Compare(identity, Where.Operator.EQ, name),
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
        reader.read(database, fetch, rows::add);
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
