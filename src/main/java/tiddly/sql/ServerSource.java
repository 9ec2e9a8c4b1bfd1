package tiddly.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * A pool of connections to a database server, PostgreSQL or MariaDB/MySQL, each with the
 * statement timeout set for its whole session, so that a slow query is stopped by the server
 * and its connection stays usable.
 */
final class ServerSource {
    static final int POOL_SIZE = 16;
    /** Opening a connection, or waiting for one, gives up after this. */
    private static final long CONNECT_MILLIS = 5_000;
    /** A socket silent this long past the statement timeout is a database gone, not a slow query. */
    private static final long SOCKET_MARGIN_MILLIS = 5_000;

    private ServerSource() {}

    static HikariDataSource pool(Engine engine, ServerOptions options) {
        return new HikariDataSource(config(engine, options));
    }

    /**
     * A read replica's pool: PostgreSQL's settings as the primary's, but it starts even while the
     * replica is down (its poller reports it down and reads go to the primary meanwhile).
     */
    static HikariDataSource replicaPool(String name, ServerOptions options) {
        HikariConfig pool = config(Engine.POSTGRES, options);
        pool.setPoolName(name);
        pool.setMaximumPoolSize(POOL_SIZE + 1); // one more for its poller
        pool.setInitializationFailTimeout(-1);
        return new HikariDataSource(pool);
    }

    private static HikariConfig config(Engine engine, ServerOptions options) {
        String url = options.url();
        Duration statementTimeout = options.statementTimeout();
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("tiddly");
        // the handles hold POOL_SIZE; one for catalogue reads, one to LISTEN for schema changes, one for
        // changes, one for the read replicas' poller (--db-replicas) to read the primary's WAL position
        pool.setMaximumPoolSize(POOL_SIZE + 4);
        pool.setMinimumIdle(1);
        pool.setInitializationFailTimeout(10_000);
        // A database that stops answering costs a request a few seconds and a 503, never a hang:
        // waiting for a connection, opening one, and a silent socket are all bounded.
        pool.setConnectionTimeout(CONNECT_MILLIS);
        long silentMillis = statementTimeout.toMillis() + SOCKET_MARGIN_MILLIS;
        options.user().ifPresent(pool::setUsername);
        options.password().ifPresent(pool::setPassword);
        if (engine == Engine.POSTGRES) {
            pool.setJdbcUrl(url);
            pool.addDataSourceProperty("currentSchema", options.schema());
            pool.addDataSourceProperty("ApplicationName", "tiddly");
            // Text parameters reach the server untyped, so it reads uuid, json, dates and arrays from them.
            pool.addDataSourceProperty("stringtype", "unspecified");
            // A sequential scan starts at the table's first page, not where another session's scan of
            // it is (synchronize_seqscans): a ranked search's candidates (the first matches the plan
            // gives, docs/API.md "Ranking") stay the same from one request to the next.
            pool.setConnectionInitSql("SELECT set_config('statement_timeout', '" + statementTimeout.toMillis()
                    + "', false), set_config('synchronize_seqscans', 'off', false)");
            pool.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_MILLIS / 1000));
            pool.addDataSourceProperty("socketTimeout", Long.toString((silentMillis + 999) / 1000));
        } else {
            pool.setJdbcUrl(
                    url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url);
            pool.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_MILLIS));
            pool.addDataSourceProperty("socketTimeout", Long.toString(silentMillis));
            pool.setConnectionInitSql("SET SESSION max_statement_time = " + statementTimeout.toMillis() / 1000.0
                    + ", SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')");
        }
        return pool;
    }
}
