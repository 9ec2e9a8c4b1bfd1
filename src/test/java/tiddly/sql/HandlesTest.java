package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions are lent busiest first: the one given back last is lent next, so that a commit costs
 * only the few connections the load needs their page cache and memory map (docs/performance.md,
 * "Reads and writes together", session 7). On SQLite a read takes the writer's idle session when
 * the reader's would start cold after a write (sessions 8 and 9).
 */
class HandlesTest {
    @TempDir
    Path directory;

    @Test
    void theSessionGivenBackLastIsLentNext() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + directory.resolve("handles.db"));
        try (Handles handles = new Handles(() -> jdbi, 3, connection -> {})) {
            List<Session> opened = new ArrayList<>();
            // three sessions open at once, given back in the order first, second, third
            handles.with(first -> {
                opened.add(first);
                return handles.with(second -> {
                    opened.add(second);
                    return handles.with(third -> opened.add(third));
                });
            });
            assertEquals(3, opened.size());
            assertNotSame(opened.get(0), opened.get(2));

            Session next = handles.with(session -> session);
            assertSame(opened.get(0), next, "the session given back last is lent next");
        }
    }

    @Test
    void readsOneAfterAnotherKeepToOneSessionWhileOthersStayIdle() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + directory.resolve("handles.db"));
        try (Handles handles = new Handles(() -> jdbi, 3, connection -> {})) {
            handles.with(first -> handles.with(second -> handles.with(third -> null)));

            List<Session> lent = new ArrayList<>();
            for (int read = 0; read < 6; read++) {
                lent.add(handles.with(session -> session));
            }
            assertEquals(1, lent.stream().distinct().count(), "six reads in a row, one session: " + lent);
            assertEquals(3, handles.idle());
        }
    }

    @Test
    void aReadTakesTheWritersIdleSessionWhenNoReaderIsIdle() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + directory.resolve("handles.db"));
        try (Handles readers = new Handles(() -> jdbi, 3, connection -> {});
                Handles writer = new Handles(() -> jdbi, 1, connection -> {})) {
            readers.lendIdle(writer, () -> false);
            Session writers = writer.with(session -> session);

            assertSame(writers, readers.with(session -> session), "no reader is open yet: the idle writer's reads");
            Session nested = writer.with(write -> readers.with(read -> read));
            assertNotSame(writers, nested, "while a write holds the writer's session, a read takes a reader's");
            assertSame(writers, writer.with(session -> session), "writes keep to the writer's session");
        }
    }

    @Test
    void afterAWriteReadsTakeTheIdleWritersSessionUntilAReaderHasReadWarmReadsTimes() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + directory.resolve("handles.db"));
        try (Handles readers = new Handles(() -> jdbi, 3, connection -> {});
                Handles writer = new Handles(() -> jdbi, 1, connection -> {})) {
            readers.lendIdle(writer, () -> false);
            Session writers = writer.with(session -> session);
            assertSame(writers, readers.with(session -> session), "after a write the idle writer's session reads");

            // while a read holds the writer's session, reads go to a reader: its first after the write, then WARM_READS
            Session reader = readers.with(held -> {
                Session last = null;
                for (int read = 0; read <= Handles.WARM_READS; read++) {
                    last = readers.with(session -> session);
                }
                return last;
            });
            assertNotSame(writers, reader);
            assertSame(reader, readers.with(session -> session), "no write for WARM_READS reads: reads keep to it");
            assertSame(reader, readers.with(session -> session), "and stay there while nothing is written");

            writer.with(session -> session);
            assertSame(
                    writers, readers.with(session -> session), "a write: the writer's idle session reads first again");
        }
    }

    @Test
    void aColdReadLeavesTheWritersIdleSessionToAWriteThatHoldsOrAwaitsTheWriteLock() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + directory.resolve("handles.db"));
        try (Handles readers = new Handles(() -> jdbi, 3, connection -> {});
                Handles writer = new Handles(() -> jdbi, 1, connection -> {})) {
            AtomicBoolean writeAhead = new AtomicBoolean();
            readers.lendIdle(writer, writeAhead::get);
            Session writers = writer.with(session -> session);
            Session reader = readers.with(first -> readers.with(second -> second));
            writer.with(session -> session); // the reader is cold now

            writeAhead.set(true);
            assertSame(
                    reader, readers.with(session -> session), "a write comes for the writer's session: it stays idle");
            writer.with(session -> session);
            writeAhead.set(false);
            assertSame(writers, readers.with(session -> session), "no write ahead: the cold read takes it");
        }
    }

    @Test
    void aWriteThatAReadKeepsFromTheWritersSessionRunsOnAReadersOne() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + directory.resolve("handles.db"));
        try (Handles readers = new Handles(() -> jdbi, 3, connection -> {});
                Handles writer = new Handles(() -> jdbi, 1, connection -> {})) {
            readers.lendIdle(writer, () -> false);
            Session writers = writer.with(session -> session);

            // the read holds the writer's session until the write is done: a write that waited for it would never run
            Session wrote = readers.with(read -> {
                assertSame(writers, read);
                return writer.with(write -> write);
            });
            assertNotSame(writers, wrote, "the write ran on a reader's session");
            assertEquals(1, writer.idle(), "the writer's session was given back to the writer's pool");
            assertSame(writers, writer.with(session -> session));
        }
    }
}
