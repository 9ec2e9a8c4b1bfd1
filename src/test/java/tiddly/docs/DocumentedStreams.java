package tiddly.docs;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The stream examples of the docs, as a reader runs them in a shell: {@code $ curl -sN … &} starts a
 * stream in the background (the example goes on once it printed {@code event: ready}, so that the
 * writes that follow are live changes), and {@code $ fg} brings it back: its output must become the
 * output shown, then it is stopped (the {@code ^C} the reader types). Keep-alive comments are not
 * part of the output compared. Waiting gives up after a generous while only so that a broken
 * example fails instead of hanging; nothing here asserts how fast events come.
 */
final class DocumentedStreams implements AutoCloseable {
    private static final long PATIENCE_MILLIS = 30_000;

    private Process stream;
    private Path output;

    /** Starts {@code command} in the background and waits until its stream is live. */
    void background(String command) throws IOException, InterruptedException {
        close();
        output = Files.createTempFile("tiddly-docs-stream", ".out");
        stream = new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        long until = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (!printed().contains("event: ready") && stream.isAlive() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertTrue(printed().contains("event: ready"), "the stream did not start: " + printed());
    }

    /** Waits until the background stream printed {@code expected} (but {@code ^C}), then stops it. */
    void foreground(String name, List<String> expected) throws IOException, InterruptedException {
        assertNotNull(stream, name + ": no stream runs in the background");
        String wanted = String.join(
                        "\n",
                        expected.stream().filter(line -> !line.equals("^C")).toList())
                .stripTrailing();
        Pattern pattern = DocsTest.pattern(wanted);
        long until = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (!pattern.matcher(shown()).matches() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        String actual = shown();
        close();
        assertTrue(
                pattern.matcher(actual).matches(),
                () -> name + "\n--- documented ---\n" + wanted + "\n--- actual ---\n" + actual);
    }

    /** What the stream printed, without keep-alive comments. */
    private String shown() throws IOException {
        return printed()
                .replace("\r\n", "\n")
                .replaceAll("(?m)^: keep-alive\n\n?", "")
                .stripTrailing();
    }

    private String printed() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.descendants().forEach(ProcessHandle::destroy);
            stream.destroy();
            stream = null;
        }
        if (output != null) {
            Files.deleteIfExists(output);
            output = null;
        }
    }
}
