package tiddly.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** target/tiddly.jar run as a separate process, as a user runs it; for the failsafe tests. */
public final class JarProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final int port;
    private BufferedReader reader;
    private final Thread drain;

    private JarProcess(Process process) throws IOException {
        this.process = process;
        this.port = awaitPort();
        drain = new Thread(this::drain, "jar-log");
        drain.setDaemon(true);
        drain.start();
    }

    /** Starts the jar in {@code folder} and waits until it listens. */
    public static JarProcess start(Path folder, String... args) throws IOException {
        return new JarProcess(process(folder, args));
    }

    /** Starts the jar with options for its JVM, such as {@code -Xmx64m}, and waits until it listens. */
    public static JarProcess start(List<String> jvm, Path folder, String... args) throws IOException {
        return new JarProcess(process(jvm, folder, args));
    }

    /** Starts the jar and returns the raw process, for runs that end by themselves (--help, bad options). */
    public static Process process(Path folder, String... args) throws IOException {
        return process(List.of(), folder, args);
    }

    private static Process process(List<String> jvm, Path folder, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-jar");
        command.add(Path.of("target", "tiddly.jar").toAbsolutePath().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .start();
    }

    public int port() {
        return port;
    }

    public List<String> log() {
        return List.copyOf(log);
    }

    /** SIGTERM, as a service manager stops a service; returns at once (see {@link #exitStatus}). */
    public void terminate() {
        process.toHandle().destroy(); // Process.destroy() would also close the pipe the log is read from
    }

    /** Waits up to 60 s for the process to end and gives its exit status. */
    public int exitStatus() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not stop within 60 s: " + log());
        }
        drain.join(10_000); // the log's last lines
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() {
        process.destroy();
        if (!awaitExit()) {
            kill();
        }
    }

    private boolean awaitExit() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int awaitPort() throws IOException {
        BufferedReader reader = reader();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            log.add(line);
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IllegalStateException("the server stopped before listening: " + log);
    }

    private BufferedReader reader() {
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }
        return reader;
    }

    private void drain() {
        try {
            for (String line = reader().readLine(); line != null; line = reader().readLine()) {
                log.add(line);
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }
}
