package tiddly.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL primary with one streaming replica, from Debian's postgresql-15 binaries, in a
 * temporary directory, on two free loopback ports; run as the postgres user when the tests run as
 * root (initdb refuses root). The primary holds the sample (scripts/sample.postgres.sql) in its
 * public schema before the replica is copied from it with {@code pg_basebackup -R}.
 */
public final class PostgresReplication implements AutoCloseable {
    public static final Path BIN = Path.of(System.getProperty("tiddly.test.pg.bin", "/usr/lib/postgresql/15/bin"));

    private final Path base;
    private final Path primary;
    private final Path replica;
    private final int primaryPort;
    private final int replicaPort;

    private PostgresReplication(Path base, int primaryPort, int replicaPort) {
        this.base = base;
        this.primary = base.resolve("primary");
        this.replica = base.resolve("replica");
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /** Whether the binaries are here (and, as root, the postgres user to run them as). */
    public static boolean available() {
        boolean binaries = Stream.of("initdb", "pg_ctl", "pg_basebackup", "postgres")
                .allMatch(name -> Files.isExecutable(BIN.resolve(name)));
        return binaries && (!root() || Files.isExecutable(Path.of("/usr/sbin/runuser")));
    }

    public static PostgresReplication start() throws IOException, InterruptedException, SQLException {
        Path base = Files.createTempDirectory(Path.of("/tmp"), "tiddly-repl");
        if (root()) {
            UserPrincipal postgres =
                    base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(base, postgres);
        }
        PostgresReplication cluster = new PostgresReplication(base, freePort(), freePort());
        try {
            cluster.create();
            return cluster;
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void create() throws IOException, InterruptedException, SQLException {
        run(BIN.resolve("initdb").toString(), "-D", primary.toString(), "-U", "postgres", "-A", "trust", "--no-sync");
        Files.writeString(
                primary.resolve("postgresql.conf"),
                String.join(
                        "\n",
                        "",
                        "listen_addresses = '127.0.0.1'",
                        "port = " + primaryPort,
                        "unix_socket_directories = '" + base + "'",
                        "shared_buffers = 16MB",
                        "max_connections = 100",
                        "wal_level = replica",
                        "max_wal_senders = 4",
                        "fsync = off",
                        ""),
                java.nio.file.StandardOpenOption.APPEND);
        pgCtl(primary, "start");
        try (Connection connection = primary();
                var statement = connection.createStatement()) {
            for (String sql :
                    Files.readString(Path.of("scripts/sample.postgres.sql")).split(";\\s*\\n")) {
                if (!sql.lines().allMatch(line -> line.isBlank() || line.startsWith("--"))) {
                    statement.execute(sql);
                }
            }
        }
        run(
                BIN.resolve("pg_basebackup").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "postgres",
                "-D",
                replica.toString(),
                "-R",
                "--checkpoint=fast");
        Files.writeString(
                replica.resolve("postgresql.auto.conf"),
                "\nport = " + replicaPort + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        startReplica();
    }

    /** The primary's URL, for --db. */
    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres";
    }

    /** The replica's URL, for --db-replicas. */
    public String replicaUrl() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/postgres";
    }

    public Connection primary() throws SQLException {
        return DriverManager.getConnection(primaryUrl(), "postgres", "");
    }

    public Connection replica() throws SQLException {
        return DriverManager.getConnection(replicaUrl(), "postgres", "");
    }

    /** Stops applying the primary's WAL (it is still received); returns once replay is paused. */
    public void pauseReplay() throws SQLException, InterruptedException {
        try (Connection connection = replica();
                var statement = connection.createStatement()) {
            statement.execute("SELECT pg_wal_replay_pause()");
            while (!value(connection, "SELECT pg_get_wal_replay_pause_state()").equals("paused")) {
                Thread.sleep(20);
            }
        }
    }

    public void resumeReplay() throws SQLException {
        try (Connection connection = replica();
                var statement = connection.createStatement()) {
            statement.execute("SELECT pg_wal_replay_resume()");
        }
    }

    /** Waits until the replica has replayed everything the primary has written so far. */
    public void awaitReplayed() throws SQLException, InterruptedException {
        String target;
        try (Connection connection = primary()) {
            target = value(connection, "SELECT pg_current_wal_lsn()");
        }
        try (Connection connection = replica()) {
            while (value(connection, "SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")
                    .equals("f")) {
                Thread.sleep(20);
            }
        }
    }

    public void stopReplica() throws IOException, InterruptedException {
        run(BIN.resolve("pg_ctl").toString(), "-D", replica.toString(), "-m", "immediate", "-w", "stop");
    }

    public void startReplica() throws IOException, InterruptedException {
        pgCtl(replica, "start");
    }

    private void pgCtl(Path data, String action) throws IOException, InterruptedException {
        run(
                BIN.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                base.resolve(data.getFileName() + ".log").toString(),
                "-w",
                "-t",
                "60",
                action);
    }

    private static String value(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops both servers at once and deletes their files. */
    @Override
    public void close() {
        for (Path data : List.of(replica, primary)) {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    run(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
                } catch (IOException | InterruptedException | RuntimeException e) {
                    // deleted below all the same
                }
            }
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
