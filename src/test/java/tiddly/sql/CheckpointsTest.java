package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import tiddly.Settings;

/** WAL checkpoints off the request path, on real SQLite files (docs/performance.md, "Reads and writes together"). */
class CheckpointsTest {
    /** How long a background step may take on a busy machine before the test gives up; not a timing assertion. */
    private static final long PATIENCE_MILLIS = 30_000;

    @TempDir
    Path directory;

    @Test
    void theConnectionsOfThePoolLeaveCheckpointsToTheirOwnThread() {
        try (Database database = Database.openSqlite(directory.resolve("pool.db"), Settings.Durability.NORMAL)) {
            long pages = database.inspect(connection -> pragma(connection, "wal_autocheckpoint"));
            assertEquals(0, pages, "no request's commit runs a checkpoint");
        }
    }

    @Test
    void aCommitIsCopiedIntoTheDatabaseFileWithoutTheCommitterCheckpointing() throws Exception {
        SQLiteDataSource source = source("copied.db");
        try (Connection writer = source.getConnection();
                Checkpoints checkpoints = Checkpoints.start(source, new ReentrantLock(), Checkpoints.RESTART_FRAMES)) {
            execute(writer, "CREATE TABLE note (body TEXT)");
            execute(writer, "INSERT INTO note VALUES ('kept')");
            checkpoints.committed();
            await(() -> checkpoints.passive() >= 1);
            // everything in the WAL is in the database file now: a checkpoint finds nothing left to copy
            try (Statement statement = writer.createStatement();
                    ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                assertTrue(result.next());
                assertEquals(result.getInt(2), result.getInt(3), "pages in the WAL, pages checkpointed");
            }
        }
    }

    @Test
    void aWalThatOutgrowsTheLimitIsStartedOverUnderTheWriteLockWhileReadersGoOn() throws Exception {
        SQLiteDataSource source = source("restarted.db");
        ReentrantLock writeLock = new ReentrantLock(true);
        AtomicBoolean reading = new AtomicBoolean(true);
        try (Connection writer = source.getConnection();
                Connection reader = source.getConnection();
                Checkpoints checkpoints = Checkpoints.start(source, writeLock, 20)) {
            execute(writer, "CREATE TABLE blob (body BLOB)");
            Thread readers = new Thread(() -> readUntilStopped(reader, reading), "test-reader");
            readers.start();
            writeLock.lock();
            try {
                try (PreparedStatement insert = writer.prepareStatement("INSERT INTO blob VALUES (?)")) {
                    for (int i = 0; i < 40; i++) {
                        insert.setBytes(1, new byte[8192]); // a few pages per commit
                        insert.executeUpdate();
                    }
                }
                checkpoints.committed();
                await(writeLock::hasQueuedThreads); // the restart waits for Tiddly's writers, not beside them
                assertEquals(0, checkpoints.restarts());
            } finally {
                writeLock.unlock();
            }
            await(() -> checkpoints.restarts() >= 1);
            reading.set(false);
            readers.join();
            execute(writer, "INSERT INTO blob VALUES (x'00')");
            long pages = pragma(writer, "wal_checkpoint(PASSIVE)");
            // 40 commits of 8 KiB wrote over 80 pages; after a restart one small row writes a few
            assertTrue(pages < 20, "the WAL was started over: it holds " + pages + " pages");
            assertEquals(41, count(writer), "no write was lost");
        }
    }

    private SQLiteDataSource source(String name) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
        config.setBusyTimeout(5_000);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + directory.resolve(name));
        return source;
    }

    /** Read transactions one after the other, each over the snapshot of its moment, until told to stop. */
    private static void readUntilStopped(Connection reader, AtomicBoolean reading) {
        try {
            while (reading.get()) {
                count(reader);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM blob")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long pragma(Connection connection, String pragma) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA " + pragma)) {
            result.next();
            return result.getLong(pragma.startsWith("wal_checkpoint") ? 2 : 1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the checkpoint thread did not get there in " + PATIENCE_MILLIS + " ms");
            }
            Thread.sleep(10);
        }
    }
}
