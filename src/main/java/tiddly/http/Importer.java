package tiddly.http;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tiddly.Settings;
import tiddly.TiddlyException;
import tiddly.auth.Authenticator;
import tiddly.auth.Identity;
import tiddly.permission.Permissions;
import tiddly.query.Query;
import tiddly.request.BadRequestException;
import tiddly.request.Call;
import tiddly.request.Cursors;
import tiddly.schema.Table;
import tiddly.sql.Database;
import tiddly.sql.SqlWriter;

/**
 * Bulk import: records from CSV, NDJSON or a JSON array, inserted {@value #BATCH} at a time, each
 * batch one transaction through the same pipeline as {@code POST /t} with an array (the caller's
 * rules, every column's validation, password hashing). A record the insert refuses is left out
 * and reported with its line and the insert's error; the rest of its batch is inserted: when the
 * database refuses a batch (a duplicate key), its records are inserted one by one to find which.
 * A CSV quote that is never closed, bytes that are not UTF-8, or a body that ends early or stalls
 * stop the import: the records before it are inserted, and the error carries their summary.
 */
public final class Importer {
    public static final int BATCH = 1000;
    /** Rejections listed in a summary; beyond that they are only counted. */
    public static final int LISTED = 1000;

    private final Pipeline pipeline;
    private final Database database;
    private final Permissions permissions;
    private final long maxRecordChars;

    /** A record left out: where it began, the error's code and message. */
    public record Rejection(long line, String code, String error) {}

    /** What an import did: rows inserted, records rejected (the first {@value #LISTED} listed). */
    public record Summary(long inserted, long rejected, List<Rejection> rejections) {}

    /** Told after each batch. */
    public interface Progress {
        void batch(long inserted, long rejected);
    }

    Importer(Pipeline pipeline, Database database, Permissions permissions, long maxRecordChars) {
        this.pipeline = pipeline;
        this.database = database;
        this.permissions = permissions;
        this.maxRecordChars = maxRecordChars;
    }

    /** An importer outside a server (the command line), with the given rules and password hashing. */
    public static Importer of(
            Settings settings,
            Database database,
            Authenticator authenticator,
            Permissions permissions,
            tiddly.hook.Hooks hooks) {
        Cursors cursors = new Cursors(settings.cursorSecret().getBytes(StandardCharsets.UTF_8));
        Pipeline pipeline = new Pipeline(
                new Parsers(permissions, settings.maxLimit(), settings.requireIfMatch(), cursors),
                permissions,
                authenticator.passwordHashing(),
                authenticator::committed,
                new SqlWriter(database.dialect()),
                new tiddly.sql.Reader(database.dialect()),
                cursors,
                hooks,
                database.sql());
        return new Importer(pipeline, database, permissions, settings.maxBodyBytes());
    }

    /** Imports every record of {@code in} into {@code table} as {@code identity}. */
    public Summary load(Identity identity, String table, ImportFormat format, Reader in, Progress progress)
            throws IOException {
        permissions.admit(identity, "POST", table); // a caller who may not insert learns nothing more
        Table columns = permissions.schema(identity.role()).require(table);
        Tally tally = new Tally();
        List<ImportRecords.Record> batch = new ArrayList<>(BATCH);
        ImportRecords records = null;
        try {
            records = ImportRecords.of(format, in, columns, maxRecordChars);
            for (Optional<ImportRecords.Record> next = records.next(); next.isPresent(); next = records.next()) {
                ImportRecords.Record record = next.get();
                if (record.row().isEmpty()) {
                    tally.reject(record.line(), "invalid_record", "line " + record.line() + " " + record.problem());
                    continue;
                }
                batch.add(record);
                if (batch.size() == BATCH) {
                    insert(identity, table, batch, tally);
                    batch.clear();
                    progress.batch(tally.inserted, tally.rejected);
                }
            }
        } catch (UnclosedQuoteException stopped) {
            // the records before the quote are whole: import them, so that what was imported is
            // "every record before line N", not some multiple of the batch size
            flush(identity, table, batch, tally, progress);
            throw stopped.with(tally.summary());
        } catch (JsonArrayRecords.Malformed notAnArray) {
            throw notAnArray; // the command line's JSON file: its own message, as before
        } catch (IOException cut) {
            // batches before this point are committed: say so, and which, rather than a bare 400;
            // the records read whole are imported too, so that it is "every record before line N"
            long line = records == null ? 1 : records.line();
            flush(identity, table, batch, tally, progress);
            throw cut instanceof CharacterCodingException
                    ? ImportCutException.notUtf8(line, tally.summary())
                    : ImportCutException.incomplete(line, tally.summary());
        }
        flush(identity, table, batch, tally, progress);
        return tally.summary();
    }

    private void flush(
            Identity identity, String table, List<ImportRecords.Record> batch, Tally tally, Progress progress) {
        if (!batch.isEmpty()) {
            insert(identity, table, batch, tally);
            batch.clear();
            progress.batch(tally.inserted, tally.rejected);
        }
    }

    private static final class Tally {
        long inserted;
        long rejected;
        final List<Rejection> rejections = new ArrayList<>();

        void reject(long line, String code, String error) {
            rejected++;
            if (rejections.size() < LISTED) {
                rejections.add(new Rejection(line, code, error));
            }
        }

        Summary summary() {
            List<Rejection> listed = new ArrayList<>(rejections);
            listed.sort(java.util.Comparator.comparingLong(Rejection::line));
            return new Summary(inserted, rejected, List.copyOf(listed));
        }
    }

    /** One batch in one transaction; the records the insert refuses are left out and reported. */
    private void insert(Identity identity, String table, List<ImportRecords.Record> batch, Tally tally) {
        List<ImportRecords.Record> rows = new ArrayList<>(batch);
        Query query = null;
        while (query == null && !rows.isEmpty()) {
            try {
                query = prepare(identity, table, rows);
            } catch (BadRequestException e) {
                Map<Integer, List<String>> problems = byRecord(e.details());
                if (problems.isEmpty()) {
                    throw e; // not about a record: the whole import is wrong
                }
                for (int index : ((TreeMap<Integer, List<String>>) problems).descendingKeySet()) {
                    ImportRecords.Record bad = rows.remove(index);
                    tally.reject(
                            bad.line(), e.code(), "line " + bad.line() + ": " + String.join("; ", problems.get(index)));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try {
            write(identity, query);
            tally.inserted += rows.size();
        } catch (TiddlyException e) {
            if (e.status() >= 500) {
                throw e;
            }
            oneByOne(identity, table, rows, tally); // which record did the database refuse?
        }
    }

    private void oneByOne(Identity identity, String table, List<ImportRecords.Record> rows, Tally tally) {
        for (ImportRecords.Record record : rows) {
            try {
                write(identity, prepare(identity, table, List.of(record)));
                tally.inserted++;
            } catch (TiddlyException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                tally.reject(record.line(), e.code(), "line " + record.line() + ": " + e.getMessage());
            }
        }
    }

    /** One insert in a transaction of its own, with the after hooks; the after-commit hooks once it is durable. */
    private void write(Identity identity, Query query) {
        tiddly.sql.Result result = database.transaction(transaction -> pipeline.run(transaction, identity, query));
        pipeline.committed(identity, query, result);
    }

    private Query prepare(Identity identity, String table, List<ImportRecords.Record> rows) {
        StringBuilder body = new StringBuilder(rows.size() * 64).append('[');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            JsonObject row = rows.get(i).row().orElseThrow();
            body.append(row);
        }
        body.append(']');
        return pipeline.prepare(identity, Call.of("POST", table, Optional.empty(), body.toString()))
                .query();
    }

    /** "3.title" → record 3: "column 'title' is required". */
    private static Map<Integer, List<String>> byRecord(Map<String, String> details) {
        TreeMap<Integer, List<String>> problems = new TreeMap<>();
        details.forEach((key, problem) -> {
            int dot = key.indexOf('.');
            if (dot > 0) {
                try {
                    int index = Integer.parseInt(key.substring(0, dot));
                    problems.computeIfAbsent(index, i -> new ArrayList<>())
                            .add("column '" + key.substring(dot + 1) + "' " + problem);
                } catch (NumberFormatException notIndexed) {
                    // a key that names no record
                }
            }
        });
        return problems;
    }
}
