package tiddly.sql;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQL functions Tiddly adds to each SQLite connection: {@link #LOWER}, where SQLite's own differs
 * from the servers' (it folds every letter to lower case, not only A–Z, so that ilike matches
 * alike on SQLite, PostgreSQL and MariaDB), and {@link #TOKENS}, which reads what SQL cannot.
 */
final class SqliteFunctions {
    /** {@code tiddly_lower(text)}: {@link #lower} of its argument; NULL stays NULL. */
    static final String LOWER = "tiddly_lower";

    /**
     * {@code tiddly_tokens(sz)}: the number of tokens of a row of an FTS5 table, from its {@code
     * _docsize} entry (one varint per column); NULL stays NULL.
     */
    static final String TOKENS = "tiddly_tokens";

    private SqliteFunctions() {}

    /** The sum of the SQLite varints in {@code bytes}: 7 bits a byte, high bit set on all but the last. */
    static long tokens(byte[] bytes) {
        long total = 0;
        long value = 0;
        for (byte part : bytes) {
            value = (value << 7) | (part & 0x7f);
            if ((part & 0x80) == 0) {
                total += value;
                value = 0;
            }
        }
        return total;
    }

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
        Function.create(
                connection,
                TOKENS,
                new Function() {
                    @Override
                    protected void xFunc() throws SQLException {
                        byte[] sizes = value_blob(0);
                        if (sizes == null) {
                            result();
                        } else {
                            result(tokens(sizes));
                        }
                    }
                },
                1,
                Function.FLAG_DETERMINISTIC);
    }
}
