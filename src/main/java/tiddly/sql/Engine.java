package tiddly.sql;

/** The kinds of database Tiddly serves, told apart by the --db value. */
public enum Engine {
    SQLITE(new SqliteDialect(), new SqliteErrors()),
    POSTGRES(new PostgresDialect(), new SqlStateErrors()),
    MARIADB(new MariadbDialect(), new SqlStateErrors());

    private final Dialect dialect;
    private final Errors errors;

    Engine(Dialect dialect, Errors errors) {
        this.dialect = dialect;
        this.errors = errors;
    }

    /** A jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL names a server; anything else is SQLite. */
    public static Engine of(String db) {
        if (db.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (db.startsWith("jdbc:mariadb:") || db.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        return SQLITE;
    }

    public Dialect dialect() {
        return dialect;
    }

    Errors errors() {
        return errors;
    }
}
