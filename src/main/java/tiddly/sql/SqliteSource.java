package tiddly.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import tiddly.Settings;

/** A pool of SQLite connections, each set up the way Tiddly relies on. */
final class SqliteSource {
    static final int POOL_SIZE = 8;
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private SqliteSource() {}

    static HikariDataSource pool(Path file, Settings.Durability durability) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode loses nothing when the process dies (kill -9); only power loss can.
        config.setSynchronous(
                durability == Settings.Durability.FULL
                        ? SQLiteConfig.SynchronousMode.FULL
                        : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.enableCaseSensitiveLike(true);
        config.setCacheSize(-8192); // 8 MiB of pages per connection instead of 2: sorts and scans stay in memory
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(256L << 20)); // reads share the OS page cache
        // no request's commit checkpoints the WAL: Checkpoints does, on a thread of its own
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource sqlite = SqliteFunctions.source(config);
        sqlite.setUrl("jdbc:sqlite:" + file);

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqlite);
        pool.setPoolName("tiddly");
        // the readers' handles hold POOL_SIZE, the writer's one; one more for start-up reads
        pool.setMaximumPoolSize(POOL_SIZE + 2);
        pool.setMinimumIdle(1);
        return new HikariDataSource(pool);
    }
}
