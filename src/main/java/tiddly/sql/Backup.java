package tiddly.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import tiddly.StartupException;

/**
 * An online backup of a SQLite database: {@code VACUUM INTO}, which copies the database as it
 * was when the statement began, in one read transaction, while others go on reading and writing
 * (WAL readers do not block writers). The copy is compact and has no WAL file of its own.
 */
public final class Backup {
    private Backup() {}

    /**
     * Backs up the SQLite file {@code db} to {@code out}, which must not exist or must be empty;
     * for the command line, beside a server that may be running.
     *
     * @throws StartupException with a message for the user when either file cannot be used
     */
    public static void file(Path db, Path out) {
        if (!Files.isRegularFile(db)) {
            throw new StartupException("no SQLite file '" + db + "' to back up");
        }
        if (Files.exists(out)) {
            throw new StartupException("'" + out + "' already exists; back up to a new file");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            into(connection, out);
        } catch (SQLException e) {
            throw new StartupException("cannot back up '" + db + "' to '" + out + "': " + e.getMessage(), e);
        }
    }

    static void into(Connection connection, Path out) throws SQLException {
        try (var busy = connection.createStatement()) {
            busy.execute("PRAGMA busy_timeout = 5000");
        }
        try (PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, out.toString()); // a bound value: no quoting of the path
            vacuum.execute();
        }
    }
}
