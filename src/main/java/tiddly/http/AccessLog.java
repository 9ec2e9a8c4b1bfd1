package tiddly.http;

import com.google.gson.stream.JsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tiddly.StartupException;
import tiddly.auth.Identity;

/**
 * The access log (--access-log): one JSON line per request, written by a thread of its own so a
 * request never waits for the disk. A line has the time, request id, client address, method, path,
 * the NAMES of the query parameters (never their values: {@code ?access_token=…} would be a
 * credential), status, body bytes, duration and role; never a header, token, password, API key
 * or body. When the disk cannot keep up with 65,536 lines, further lines are dropped and counted.
 */
final class AccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final int QUEUED = 65_536;
    private static final String END = "";

    private final Writer out;
    private final boolean closeOut;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>(QUEUED);
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private final ClientAddress address;

    private AccessLog(Writer out, boolean closeOut, ClientAddress address) {
        this.out = out;
        this.closeOut = closeOut;
        this.address = address;
        this.writer = new Thread(this::write, "tiddly-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * @param target "-" or "stdout" for standard output, else a file, appended to
     * @param address the client address of a line, as the sign-in limit counts it
     */
    static AccessLog open(String target, ClientAddress address) {
        if (target.equals("-") || target.equals("stdout")) {
            return new AccessLog(
                    new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), false, address);
        }
        try {
            return new AccessLog(
                    Files.newBufferedWriter(
                            Path.of(target),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND,
                            StandardOpenOption.WRITE),
                    true,
                    address);
        } catch (IOException e) {
            throw new StartupException("cannot open the access log '" + target + "': " + e.getMessage(), e);
        }
    }

    void log(HttpServletRequest request, int status, long bytes, long nanos) {
        if (!lines.offer(line(request, status, bytes, nanos))) {
            dropped.increment();
        }
    }

    private String line(HttpServletRequest request, int status, long bytes, long nanos) {
        StringWriter text = new StringWriter(192);
        try (JsonWriter json = new JsonWriter(text)) {
            json.setHtmlSafe(false);
            json.beginObject();
            json.name("time").value(Instant.now().toString());
            json.name("request_id").value((String) request.getAttribute(RequestIds.ATTRIBUTE));
            json.name("client").value(address.of(request)); // the forwarded one only with --trust-proxy
            json.name("method").value(request.getMethod());
            json.name("path").value(request.getRequestURI());
            json.name("query").beginArray();
            for (String name : parameterNames(request.getQueryString())) {
                json.value(name);
            }
            json.endArray();
            json.name("status").value(status);
            json.name("bytes").value(bytes);
            json.name("duration_ms").value(Math.round(nanos / 1_000.0) / 1_000.0);
            Object identity = request.getAttribute(IdentityFilter.ATTRIBUTE);
            json.name("role").value(identity instanceof Identity known ? known.role() : null);
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** {@code a=1&b&a=2} → [a, b]: the names as sent (still percent-encoded), each once, never a value. */
    static Set<String> parameterNames(String query) {
        Set<String> names = new LinkedHashSet<>();
        if (query == null || query.isEmpty()) {
            return names;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!name.isEmpty()) {
                names.add(name.length() > 64 ? name.substring(0, 64) + "…" : name);
            }
        }
        return names;
    }

    private void write() {
        try {
            while (true) {
                String line = lines.take();
                if (line == END) {
                    break;
                }
                out.write(line);
                out.write('\n');
                if (lines.isEmpty()) {
                    out.flush();
                }
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("the access log cannot be written any more", e);
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        try {
            lines.put(END);
            writer.join(TimeUnit.SECONDS.toMillis(10));
            if (closeOut) {
                out.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("the access log could not be closed", e);
        }
        long lost = dropped.sum();
        if (lost > 0) {
            LOG.warn("the access log dropped {} line(s): the disk did not keep up", lost);
        }
    }
}
