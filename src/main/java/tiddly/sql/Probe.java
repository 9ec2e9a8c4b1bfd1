package tiddly.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Whether the database answers, for {@code /_ready}: a connection from the pool and one small
 * statement, on a thread of its own so that the caller waits no longer than it asked. One probe
 * runs at a time; callers while it runs wait for the same one, so a database that hangs holds one
 * thread, not one per probe.
 */
final class Probe implements AutoCloseable {
    private final DataSource dataSource;
    private final boolean sqlite;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread probe = new Thread(runnable, "tiddly-ready-probe");
        probe.setDaemon(true);
        return probe;
    });
    private CompletableFuture<Boolean> running;

    Probe(DataSource dataSource, boolean sqlite) {
        this.dataSource = dataSource;
        this.sqlite = sqlite;
    }

    boolean answers(Duration within) {
        CompletableFuture<Boolean> probe;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = CompletableFuture.supplyAsync(this::check, thread);
            }
            probe = running;
        }
        try {
            return probe.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** SQLite: read the file's schema version (a statement that touches the file); a server: a round trip. */
    private boolean check() {
        try (Connection connection = dataSource.getConnection()) {
            if (!sqlite) {
                return connection.isValid(5);
            }
            try (var statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("PRAGMA schema_version")) {
                return row.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
