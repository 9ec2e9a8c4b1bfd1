package tiddly.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB Galera node commits a write on every node, but by default answers reads from its own
 * state, which may not have applied another node's latest writes yet. Tiddly promises that a read
 * after an answered write sees it (ETags, If-Match, cursors), which needs {@code wsrep_sync_wait}
 * with its read bit (1) set: checked at start-up, with a warning naming the fix (docs/scaling.md).
 */
final class GaleraCheck {
    private static final Logger LOG = LoggerFactory.getLogger(GaleraCheck.class);

    private GaleraCheck() {}

    static void warnIfUnsafe(DataSource dataSource) {
        warning(dataSource).ifPresent(LOG::warn);
    }

    /** The warning for a node with these settings, if it needs one. */
    static Optional<String> warning(boolean galera, int syncWait) {
        if (galera && (syncWait & 1) == 0) {
            return Optional.of("this MariaDB server is a Galera node with wsrep_sync_wait=" + syncWait
                    + ": a read may miss a write just answered through another node. Set wsrep_sync_wait=1"
                    + " in the server's configuration (docs/scaling.md)");
        }
        return Optional.empty();
    }

    /** What is wrong with this server's Galera settings; empty on a sound node or without Galera. */
    static Optional<String> warning(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT @@global.wsrep_on, @@session.wsrep_sync_wait")) {
            row.next();
            return warning(row.getInt(1) == 1, row.getInt(2));
        } catch (SQLException noGalera) { // MySQL, or a MariaDB built without wsrep: no such variables
            return Optional.empty();
        }
    }
}
