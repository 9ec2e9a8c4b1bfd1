package tiddly.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import spark.Request;
import spark.Response;
import tiddly.sql.Database;

/**
 * {@code GET /_backup}: a consistent copy of the SQLite database, taken while requests go on,
 * streamed as a file download; for the admin role (see {@link AdminGuard}). The copy is made in
 * the database's folder (same disk, no memory-backed /tmp) and deleted once sent.
 */
final class BackupRoute {
    static final String CONTENT_TYPE = "application/vnd.sqlite3";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Database database;
    private final Path folder;

    /** @param folder where the copy is made before it is sent: the database file's folder */
    BackupRoute(Database database, Path folder) {
        this.database = database;
        this.folder = folder;
    }

    String handle(Request request, Response response) throws IOException {
        AdminGuard.check(request, Served.current(request), AdminGuard.ADMIN, "back up the database");
        Path copy = Files.createTempFile(folder, ".tiddly-backup-", ".db");
        try {
            database.backup(copy);
            response.type(CONTENT_TYPE);
            response.raw().setHeader("Cache-Control", "no-store");
            response.raw()
                    .setHeader(
                            "Content-Disposition",
                            "attachment; filename=\"tiddly-backup-" + STAMP.format(Instant.now()) + ".db\"");
            response.raw().setContentLengthLong(Files.size(copy));
            try (InputStream file = Files.newInputStream(copy);
                    OutputStream body = response.raw().getOutputStream()) {
                deleteOpen(copy); // gone from the folder at once; the open stream still reads it
                file.transferTo(body);
            }
            return "";
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Deletes a file that is open; where the system refuses (Windows), the finally above does it later. */
    private static void deleteOpen(Path copy) {
        try {
            Files.delete(copy);
        } catch (IOException refused) {
            // deleted once sent
        }
    }
}
