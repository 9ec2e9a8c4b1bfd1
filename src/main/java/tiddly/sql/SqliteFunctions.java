package tiddly.sql;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQL functions Tiddly adds to each SQLite connection, where SQLite's own differ from the
 * servers': {@link #LOWER} folds every letter to lower case, not only A–Z, so that ilike matches
 * alike on SQLite, PostgreSQL and MariaDB.
 */
final class SqliteFunctions {
    /** {@code tiddly_lower(text)}: {@link #lower} of its argument; NULL stays NULL. */
    static final String LOWER = "tiddly_lower";

    private SqliteFunctions() {}

    /**
     * Each code point to its simple Unicode lower case ({@code É} → {@code é}, {@code İ} → {@code
     * i}), one character for one as PostgreSQL's and MariaDB's LOWER() map them: no full mappings
     * that change the length, no context (a final sigma stays σ).
     */
    static String lower(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        text.codePoints().forEach(point -> folded.appendCodePoint(Character.toLowerCase(point)));
        return folded.toString();
    }

    /** A data source whose every new connection has Tiddly's functions. */
    static SQLiteDataSource source(SQLiteConfig config) {
        return new SQLiteDataSource(config) {
            private static final long serialVersionUID = 1L;

            @Override
            public org.sqlite.SQLiteConnection getConnection(String user, String password) throws SQLException {
                org.sqlite.SQLiteConnection connection = super.getConnection(user, password);
                register(connection);
                return connection;
            }
        };
    }

    static void register(Connection connection) throws SQLException {
        Function.create(
                connection,
                LOWER,
                new Function() {
                    @Override
                    protected void xFunc() throws SQLException {
                        String text = value_text(0);
                        if (text == null) {
                            result();
                        } else {
                            result(lower(text));
                        }
                    }
                },
                1,
                Function.FLAG_DETERMINISTIC);
    }
}
