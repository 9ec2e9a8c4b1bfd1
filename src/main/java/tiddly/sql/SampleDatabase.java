package tiddly.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.StartupException;

/** The sample database bundled in the jar, copied to a SQLite path that does not exist yet. */
public final class SampleDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(SampleDatabase.class);
    private static final String RESOURCE = "/tiddly.db.sample";

    private SampleDatabase() {}

    /** Makes sure {@code file} exists, copying the sample there when it does not. */
    public static void copyIfMissing(Path file) {
        if (Files.exists(file)) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new StartupException("cannot open database '" + file + "': not a readable file");
            }
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new StartupException("cannot create database '" + file + "': folder '" + folder + "' does not exist");
        }
        try (InputStream sample = SampleDatabase.class.getResourceAsStream(RESOURCE)) {
            if (sample == null) {
                throw new StartupException("the sample database is missing from the jar");
            }
            Files.copy(sample, file);
        } catch (IOException e) {
            throw new StartupException("cannot create database '" + file + "': " + e.getMessage(), e);
        }
        LOG.info("{} did not exist: created it as a copy of the bundled sample database", file);
    }
}
