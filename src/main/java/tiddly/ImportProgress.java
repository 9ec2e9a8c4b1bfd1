package tiddly;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import tiddly.http.Importer;

/**
 * The import's progress line on a terminal, redrawn at most four times a second: rows inserted,
 * rows rejected, the rate, and the time left, from the bytes read of the file's size.
 */
final class ImportProgress implements Importer.Progress {
    private static final long EVERY_NANOS = 250_000_000L;

    private final PrintStream terminal;
    private final LongSupplier bytesRead;
    private final long size;
    private final long start = System.nanoTime();
    private long shown;
    private long inserted;
    private long rejected;

    /** @param terminal where to draw, or null when standard error is not a terminal; @param size -1 when unknown */
    ImportProgress(PrintStream terminal, LongSupplier bytesRead, long size) {
        this.terminal = terminal;
        this.bytesRead = bytesRead;
        this.size = size;
    }

    @Override
    public void batch(long inserted, long rejected) {
        this.inserted = inserted;
        this.rejected = rejected;
        long now = System.nanoTime();
        if (terminal != null && now - shown >= EVERY_NANOS) {
            shown = now;
            terminal.print("\r" + line(now) + "   ");
            terminal.flush();
        }
    }

    String line(long now) {
        double seconds = Math.max(now - start, 1) / 1e9;
        String eta = "";
        long read = bytesRead.getAsLong();
        if (size > 0 && read > 0) {
            long left = (long) (seconds * (size - read) / read);
            eta = String.format(", %d%% read, ETA %d:%02d", read * 100 / size, left / 60, left % 60);
        }
        return String.format("%,d rows, %,d rejected, %,.0f rows/s%s", inserted, rejected, inserted / seconds, eta);
    }

    long inserted() {
        return inserted;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Ends the progress line, so that what follows starts on a line of its own. */
    void end() {
        if (terminal != null && shown != 0) {
            terminal.println("\r" + line(System.nanoTime()) + "   ");
        }
    }
}
