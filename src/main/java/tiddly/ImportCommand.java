package tiddly;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tiddly.auth.Authenticator;
import tiddly.auth.Identity;
import tiddly.http.ImportFormat;
import tiddly.http.Importer;
import tiddly.permission.Permissions;
import tiddly.permission.Rules;
import tiddly.schema.Schema;
import tiddly.schema.SchemaReader;
import tiddly.sql.Database;
import tiddly.sql.Engine;
import tiddly.sql.ServerOptions;
import tiddly.sql.Versions;

/**
 * {@code tiddly import --table book FILE}: CSV, NDJSON or a JSON array into a table, validated as
 * inserts are, in batched transactions, with progress on a terminal and a summary at the end. The
 * operator holds the database, so no rules apply; passwords written to --config's users table are
 * hashed as over HTTP.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Imports rows into a table: CSV with a header row, NDJSON (one object per line) or a JSON"
                + " array, validated like POST /t, 1000 rows per transaction. Exit status 0: every record"
                + " inserted; 3: some rejected (listed with their lines); 1: the import stopped. See"
                + " docs/operations.md.")
final class ImportCommand implements Callable<Integer> {
    static final int SOME_REJECTED = 3;

    @Option(
            names = "--db",
            paramLabel = "PATH|URL",
            defaultValue = "${env:TIDDLY_DB:-tiddly.db}",
            description = "SQLite file (it must exist) or JDBC URL. Env TIDDLY_DB. Default: ${DEFAULT-VALUE}")
    String db;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "The table to insert into.")
    String table;

    @Option(
            names = "--format",
            paramLabel = "csv|ndjson|json",
            description = "The file's format; by default its extension (.csv, .ndjson or .jsonl, .json).")
    String format;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "${env:TIDDLY_CONFIG}",
            description = "The server's --config, so that passwords of its users table are hashed. Env TIDDLY_CONFIG.")
    Path config;

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = "${env:TIDDLY_SCHEMA:-public}")
    String schema;

    @Option(names = "--db-user", paramLabel = "NAME", defaultValue = "${env:TIDDLY_DB_USER}")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "SECRET", defaultValue = "${env:TIDDLY_DB_PASSWORD}")
    String dbPassword;

    @Parameters(paramLabel = "FILE", description = "The file to import; - for standard input (give --format).")
    String file;

    @Override
    public Integer call() throws IOException {
        ImportFormat importFormat = format();
        if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
            throw new StartupException("no file '" + file + "' to import");
        }
        Settings settings = Settings.defaults()
                .withDb(db)
                .withDbLogin(schema, Optional.ofNullable(dbUser), Optional.ofNullable(dbPassword));
        if (config != null) {
            settings = settings.withConfig(config);
        }
        boolean stdin = file.equals("-");
        long size = stdin ? -1 : Files.size(Path.of(file));
        try (Database database = open(settings);
                Counting in = new Counting(stdin ? System.in : Files.newInputStream(Path.of(file)))) {
            Schema read = database.readSchema(new SchemaReader(settings.hiddenColumns()));
            ConfigFile.Config security = ConfigFile.read(settings.config(), System.getenv());
            Importer importer = Importer.of(
                    settings,
                    database,
                    new Authenticator(security.auth(), read, database),
                    new Permissions(Rules.NONE, read),
                    tiddly.hook.Hooks.NONE); // the command line has no application code to run
            Reader reader = new InputStreamReader(
                    in,
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT));
            ImportProgress progress = new ImportProgress(System.console() != null ? System.err : null, in::count, size);
            Importer.Summary summary;
            try {
                summary = importer.load(Identity.ANONYMOUS, table, importFormat, reader, progress);
            } catch (TiddlyException e) {
                progress.end();
                throw new StartupException(
                        "the import stopped after " + progress.inserted() + " rows: " + e.getMessage(), e);
            }
            progress.end();
            print(System.out, summary, progress.elapsed());
            return summary.rejected() == 0 ? 0 : SOME_REJECTED;
        }
    }

    private ImportFormat format() {
        if (format != null) {
            try {
                return ImportFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "--format must be csv, ndjson or json, not '" + format + "'");
            }
        }
        return ImportFormat.ofFileName(file)
                .orElseThrow(() -> new CommandLine.ParameterException(
                        new CommandLine(this),
                        "cannot tell the format of '" + file
                                + "' by its extension; give --format csv, ndjson or json"));
    }

    private static Database open(Settings settings) {
        String db = settings.db();
        Versions versions = new Versions(settings.cursorSecret().getBytes(StandardCharsets.UTF_8));
        if (Engine.of(db) != Engine.SQLITE) {
            return Database.openServer(
                    new ServerOptions(
                            db, settings.dbSchema(), settings.dbUser(), settings.dbPassword(), Duration.ofMinutes(10)),
                    versions);
        }
        Path path = Path.of(db.startsWith("jdbc:sqlite:") ? db.substring("jdbc:sqlite:".length()) : db);
        if (!Files.isRegularFile(path)) {
            throw new StartupException("no SQLite file '" + path + "' to import into");
        }
        return Database.openSqlite(path, Settings.Durability.NORMAL, Duration.ofMinutes(10), versions);
    }

    private void print(PrintStream out, Importer.Summary summary, Duration elapsed) {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        out.printf(
                "imported %,d rows into %s in %.1f s (%,.0f rows/s); rejected %,d%n",
                summary.inserted(), table, seconds, summary.inserted() / seconds, summary.rejected());
        for (Importer.Rejection rejection : summary.rejections()) {
            out.println("  " + rejection.error() + " (" + rejection.code() + ")");
        }
        if (summary.rejected() > summary.rejections().size()) {
            out.printf(
                    "  … and %,d more%n",
                    summary.rejected() - summary.rejections().size());
        }
    }

    /** Counts the bytes read, for the progress's ETA. */
    static final class Counting extends FilterInputStream {
        private volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int read = super.read(bytes, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }
    }
}
