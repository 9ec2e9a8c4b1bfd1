package tiddly;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tiddly.sql.Backup;
import tiddly.sql.Engine;

/** {@code tiddly backup --db x.db out.db}: an online backup of a SQLite file, while a server may serve it. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = "Copies a SQLite database to a new file, consistently, while Tiddly may be serving it"
                + " (VACUUM INTO). Restore: stop the server, replace the file (and delete its -wal and -shm"
                + " files), start the server. See docs/operations.md.")
final class BackupCommand implements Callable<Integer> {
    @Option(
            names = "--db",
            paramLabel = "PATH",
            defaultValue = "${env:TIDDLY_DB:-tiddly.db}",
            description = "The SQLite file to back up. Env TIDDLY_DB. Default: ${DEFAULT-VALUE}")
    String db;

    @Parameters(paramLabel = "OUT", description = "The backup file to write; it must not exist.")
    Path out;

    @Override
    public Integer call() {
        if (Engine.of(db) != Engine.SQLITE) {
            throw new StartupException(
                    "backup copies SQLite files; back up PostgreSQL with pg_dump and MariaDB" + " with mariadb-dump");
        }
        Path file = Path.of(db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db);
        long start = System.nanoTime();
        Backup.file(file, out);
        System.out.printf(
                "backed up %s to %s (%d bytes) in %d ms%n",
                file, out, out.toFile().length(), (System.nanoTime() - start) / 1_000_000);
        return 0;
    }
}
