import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Live queries under load, against a running Tiddly over the sample database (bench/realtime.sh
 * starts it). Usage: java bench/java/RealtimeBench.java PORT MODE
 *   subscribers N  open N streams (filters on author_id 1..10), then serve GETs for 10 s with 4
 *                  threads while they stay open; then 100 writes, each checked to reach every
 *                  stream whose filter it matches
 *   latency [W]    500 streams, 500 writes/s for 10 s, each write matching 50 of them (10%):
 *                  latency from sending the write to each stream's event, p50/p99; first W
 *                  seconds (default 0) of the same paced writes, not timed, so that the server's
 *                  JIT has compiled the paths the timed writes take
 *   throughput     4 threads POST as fast as they can for 10 s: writes/s
 * Times measured from the client's send of the POST bound commit-to-event from above.
 *
 * The client is built to cost the shared cores little: every stream is read by one thread over
 * non-blocking sockets (no thread, no HTTP client pipeline per stream), and the paced writes are
 * sent without waiting for one another, so a slow response does not hold up the next write.
 */
public class RealtimeBench {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    private static final int GROUPS = 10;
    /** Sequence numbers of writes whose events are timed; higher ones (throughput) are not. */
    private static final int TIMED = 1_000_000;
    /** Sequence numbers of the warm-up's writes: not timed. */
    private static final int WARMUP = 5 * TIMED;
    /** Threads sending the paced writes of the latency run, each waiting for its answer. */
    private static final int WRITERS = 8;

    private static String base;
    private static int port;
    /** When each write was sent (System.nanoTime()), by its sequence number; 0 when not yet. */
    private static final AtomicLongArray sent = new AtomicLongArray(TIMED);

    public static void main(String[] args) throws Exception {
        port = Integer.parseInt(args[0]);
        base = "http://127.0.0.1:" + port;
        switch (args[1]) {
            case "subscribers" -> subscribers(Integer.parseInt(args[2]));
            case "latency" -> latency(
                    args.length > 2 ? Integer.parseInt(args[2]) : 0, args.length > 3 ? args[3] : "");
            case "throughput" -> System.out.printf("throughput: %.0f writes/s%n", throughput(10));
            default -> throw new IllegalArgumentException(args[1]);
        }
        System.exit(0);
    }

    private static HttpRequest post(int seq) {
        int author = 1 + seq % GROUPS;
        return HttpRequest.newBuilder(URI.create(base + "/book"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"w-" + seq + "\", \"author_id\": " + author + "}"))
                .build();
    }

    private static void subscribers(int count) throws Exception {
        Streams streams = Streams.open(count);
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                List<Long> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long at = System.nanoTime();
                    try {
                        HttpResponse<String> response = CLIENT.send(
                                HttpRequest.newBuilder(URI.create(base + "/book/" + (1 + requests.get() % 60))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    mine.add(System.nanoTime() - at);
                    requests.incrementAndGet();
                }
                synchronized (times) {
                    times.addAll(mine);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] gets = times.stream().mapToLong(Long::longValue).toArray();
        System.out.printf(
                "with %d streams open: %.0f GET/s, p99 %.1f ms, %d errors%n",
                count, requests.get() / 10.0, percentile(gets, gets.length, 0.99) / 1e6, errors.get());
        for (int seq = 0; seq < 100; seq++) {
            sent.set(seq, System.nanoTime());
            CLIENT.send(post(seq), HttpResponse.BodyHandlers.discarding());
        }
        long expected = 100L * count / GROUPS;
        streams.await(expected, 60);
        System.out.printf("100 writes: %d of %d events delivered; latency %s%n",
                streams.delivered(), expected, streams.latencies());
    }

    private static void latency(int warmup, String server) throws Exception {
        int count = 500;
        Streams streams = Streams.open(count);
        if (warmup > 0) {
            long start = System.nanoTime();
            int failed = paced(WARMUP, 500 * warmup);
            streams.await((long) 500 * warmup * count / GROUPS, 60);
            System.out.printf("warm-up: %d writes in %.1f s (%d failed), %d events%n",
                    500 * warmup, (System.nanoTime() - start) / 1e9, failed, streams.delivered());
            streams.reset();
        }
        int total = 500 * 10;
        long cpu = cpu();
        double serverCpu = cpu(server);
        Map<String, Double> threads = threads(server);
        String recording = System.getenv().getOrDefault("PROFILE_OUT", "");
        if (!recording.isEmpty()) {
            jcmd(server, "JFR.start", "name=bench", "settings=profile",
                    "jdk.ExecutionSample#period=" + System.getenv().getOrDefault("SAMPLE_PERIOD", "10ms"));
        }
        long start = System.nanoTime();
        int failed = paced(0, total);
        double took = (System.nanoTime() - start) / 1e9;
        long expected = (long) total * count / GROUPS;
        streams.await(expected, 60);
        if (!recording.isEmpty()) {
            jcmd(server, "JFR.stop", "name=bench", "filename=" + recording);
            System.out.println("JFR recording of the timed part: " + recording);
        }
        System.out.printf(
                "latency: %d writes in %.1f s (%.0f/s, %d failed), %d of %d events; send-to-event %s;"
                        + " CPU while writing and reading: load client %.1f s, server %.1f s; load average %s%n",
                total, took, total / took, failed, streams.delivered(), expected, streams.latencies(),
                (cpu() - cpu) / 1e9, cpu(server) - serverCpu, loadAverage());
        if (!server.isEmpty()) {
            Map<String, Double> after = threads(server);
            after.replaceAll((name, seconds) -> seconds - threads.getOrDefault(name, 0.0));
            System.out.println("server CPU by thread meanwhile: " + after.entrySet().stream()
                    .filter(entry -> entry.getValue() >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(entry -> String.format(Locale.ROOT, "%s %.1f s", entry.getKey(), entry.getValue()))
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
    }

    /**
     * Sends writes {@code first} to {@code first + total - 1} at 500 a second: {@link #WRITERS}
     * threads take them in turn, each sent at its time on the schedule or, when the server is
     * behind, as soon as a writer is free (at most WRITERS in flight). Gives how many failed.
     */
    private static int paced(int first, int total) throws InterruptedException {
        AtomicInteger seq = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long period = TimeUnit.SECONDS.toNanos(1) / 500;
        long start = System.nanoTime();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Thread writer = new Thread(() -> {
                try (Writer connection = new Writer()) {
                    for (int mine = seq.getAndIncrement(); mine < total; mine = seq.getAndIncrement()) {
                        long due = start + mine * period;
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        if (first + mine < TIMED) {
                            sent.set(first + mine, System.nanoTime());
                        }
                        if (connection.post(first + mine) != 201) {
                            failed.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    System.err.println("a writer failed: " + e);
                    failed.incrementAndGet();
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        return failed.get();
    }

    private static double throughput(int seconds) throws Exception {
        AtomicInteger writes = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                int seq = TIMED * (offset + 1);
                try (Writer connection = new Writer()) {
                    while (System.nanoTime() < end) {
                        if (connection.post(seq++) == 201) {
                            writes.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    System.err.println("a writer failed: " + e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return writes.get() / (double) seconds;
    }

    /** CPU nanoseconds this process used so far. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU seconds the process {@code pid} used so far (user + system); 0 without a pid. */
    private static double cpu(String pid) throws IOException {
        if (pid.isEmpty()) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in ticks
    }

    /** Runs {@code jcmd pid command…}, e.g. to record the server with JFR during the timed part only. */
    private static void jcmd(String pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("jcmd", pid));
        line.addAll(List.of(command));
        new ProcessBuilder(line).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** CPU seconds of the process {@code pid}'s threads so far, by name with numbers folded. */
    private static Map<String, Double> threads(String pid) throws IOException {
        Map<String, Double> threads = new TreeMap<>();
        if (pid.isEmpty()) {
            return threads;
        }
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc", pid, "task"))) {
            for (var task : tasks.toList()) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                threads.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0, Double::sum);
            }
        }
        return threads;
    }

    private static String loadAverage() throws IOException {
        String[] load = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
        return load[0] + " " + load[1] + " " + load[2];
    }

    /** The {@code p} quantile of the first {@code n} values (sorted in place). */
    private static double percentile(long[] values, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, n);
        return values[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }

    /**
     * Many event streams read by one thread: a selector over plain sockets, each response de-chunked
     * and split into lines; a {@code data:} line naming a timed write ({@code "title":"w-N"}) gives
     * one latency, measured when its bytes are read.
     */
    static final class Streams implements Runnable {
        private static final byte[] TITLE = "\"title\":\"w-".getBytes(StandardCharsets.US_ASCII);

        private final Selector selector;
        private final CountDownLatch ready;
        private final AtomicLong delivered = new AtomicLong();
        private final AtomicInteger failures = new AtomicInteger();
        /** Only the reading thread writes these; read after {@link #await}. */
        private long[] latencies = new long[1 << 16];
        private volatile int latencyCount;

        private Streams(Selector selector, int count) {
            this.selector = selector;
            this.ready = new CountDownLatch(count);
        }

        static Streams open(int count) throws Exception {
            Streams streams = new Streams(Selector.open(), count);
            long start = System.nanoTime();
            List<SocketChannel> channels = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String where = URLEncoder.encode("{\"author_id\": " + (1 + i % GROUPS) + "}", StandardCharsets.UTF_8);
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.write(ByteBuffer.wrap(("GET /book?select=id,title&where=" + where + " HTTP/1.1\r\n"
                                + "Host: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                channel.configureBlocking(false);
                channels.add(channel);
            }
            for (SocketChannel channel : channels) {
                channel.register(streams.selector, SelectionKey.OP_READ, new Parser(streams));
            }
            Thread reader = new Thread(streams, "streams");
            reader.setDaemon(true);
            reader.start();
            if (!streams.ready.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(streams.ready.getCount() + " streams never became ready");
            }
            System.out.printf("%d streams ready in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
            return streams;
        }

        @Override
        public void run() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
            byte[] bytes = new byte[1 << 16];
            try {
                while (true) {
                    selector.select();
                    long now = System.nanoTime();
                    for (SelectionKey key : selector.selectedKeys()) {
                        SocketChannel channel = (SocketChannel) key.channel();
                        Parser parser = (Parser) key.attachment();
                        int read;
                        while ((read = channel.read(buffer)) > 0) {
                            buffer.flip();
                            buffer.get(bytes, 0, read);
                            buffer.clear();
                            parser.take(bytes, read, now);
                        }
                        if (read < 0) {
                            key.cancel();
                            channel.close();
                            if (failures.incrementAndGet() <= 3) {
                                System.err.println("a stream ended");
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                System.err.println("reading the streams failed: " + e);
            }
        }

        void line(byte[] line, int length, long now) {
            if (startsWith(line, length, "event: ready")) {
                ready.countDown();
                return;
            }
            if (!startsWith(line, length, "data: ")) {
                return;
            }
            int at = indexOf(line, length, TITLE);
            if (at < 0) {
                return;
            }
            int seq = 0;
            for (int i = at + TITLE.length; i < length && line[i] >= '0' && line[i] <= '9'; i++) {
                seq = seq * 10 + (line[i] - '0');
            }
            if (seq < TIMED) {
                long when = sent.get(seq);
                if (when != 0) {
                    if (latencyCount == latencies.length) {
                        latencies = Arrays.copyOf(latencies, latencies.length * 2);
                    }
                    latencies[latencyCount] = now - when;
                    latencyCount = latencyCount + 1; // one writer: the reading thread
                }
            }
            delivered.incrementAndGet();
        }

        long delivered() {
            return delivered.get();
        }

        /** Counts from zero again (after a warm-up whose events all came). */
        void reset() {
            delivered.set(0);
        }

        /** Waits until {@code expected} events came, at most {@code seconds}. */
        void await(long expected, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (delivered.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(100); // the last counted event's latency is stored
        }

        /** p50, p99 and max of the latencies so far. */
        String latencies() {
            int n = latencyCount;
            long[] copy = Arrays.copyOf(latencies, n);
            return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d streams ended early)",
                    percentile(copy, n, 0.5) / 1e6, percentile(copy, n, 0.99) / 1e6, percentile(copy, n, 1.0) / 1e6,
                    failures.get());
        }

        private static boolean startsWith(byte[] line, int length, String prefix) {
            if (length < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (line[i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private static int indexOf(byte[] line, int length, byte[] wanted) {
            outer:
            for (int i = 0; i + wanted.length <= length; i++) {
                for (int j = 0; j < wanted.length; j++) {
                    if (line[i + j] != wanted[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /**
     * One keep-alive connection that POSTs a write and reads its answer, blocking: far cheaper than
     * an HTTP client, so that the load client leaves the cores to the server.
     */
    static final class Writer implements AutoCloseable {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(1 << 14);

        Writer() throws IOException {
            channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.socket().setTcpNoDelay(true);
        }

        /** POSTs write {@code seq}; gives the answer's status. */
        int post(int seq) throws IOException {
            byte[] body = ("{\"title\": \"w-" + seq + "\", \"author_id\": " + (1 + seq % GROUPS) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST /book HTTP/1.1\r\nHost: 127.0.0.1:" + port
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return answer();
        }

        /** Reads one answer (Content-Length or chunked); gives its status. */
        private int answer() throws IOException {
            in.clear();
            int headEnd;
            while ((headEnd = find(in, 0, "\r\n\r\n")) < 0) {
                fill();
            }
            String head = new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int status = Integer.parseInt(head.substring(9, 12));
            int body = headEnd + 4;
            int length = head.indexOf("content-length: ");
            if (length >= 0) {
                int end = head.indexOf('\r', length);
                int size = Integer.parseInt(head.substring(length + 16, end < 0 ? head.length() : end).trim());
                while (in.position() < body + size) {
                    fill();
                }
            } else if (head.contains("transfer-encoding: chunked")) {
                while (in.position() < body + 5 || find(in, in.position() - 5, "0\r\n\r\n") < 0) {
                    fill(); // until the last chunk
                }
            }
            return status;
        }

        private void fill() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the server closed the connection");
            }
        }

        /** Where {@code text} starts in what was read, from {@code from}; -1 when not there (yet). */
        private static int find(ByteBuffer buffer, int from, String text) {
            byte[] bytes = buffer.array();
            outer:
            for (int i = from; i + text.length() <= buffer.position(); i++) {
                for (int j = 0; j < text.length(); j++) {
                    if (bytes[i + j] != text.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** One response: its headers skipped, its chunked body de-chunked, its lines handed to {@link Streams#line}. */
    static final class Parser {
        private enum State { HEADERS, SIZE, DATA, DATA_END, PLAIN }

        private final Streams streams;
        private State state = State.HEADERS;
        private final StringBuilder headers = new StringBuilder();
        private long chunk;
        private int skip;
        private byte[] line = new byte[256];
        private int length;

        Parser(Streams streams) {
            this.streams = streams;
        }

        void take(byte[] bytes, int count, long now) {
            for (int i = 0; i < count; i++) {
                byte b = bytes[i];
                switch (state) {
                    case HEADERS -> {
                        headers.append((char) b);
                        int n = headers.length();
                        if (n >= 4 && headers.charAt(n - 1) == '\n' && headers.charAt(n - 3) == '\n') {
                            String head = headers.toString().toLowerCase(Locale.ROOT);
                            if (!head.startsWith("http/1.1 200")) {
                                throw new IllegalStateException("a stream was refused: " + head);
                            }
                            state = head.contains("transfer-encoding: chunked") ? State.SIZE : State.PLAIN;
                        }
                    }
                    case SIZE -> {
                        if (b == '\n') {
                            state = chunk == 0 ? State.HEADERS : State.DATA; // a last chunk: the stream ended
                            skip = 0;
                        } else if (skip == 0 && Character.digit(b, 16) >= 0) {
                            chunk = chunk * 16 + Character.digit(b, 16);
                        } else if (b != '\r') {
                            skip = 1; // a chunk extension
                        }
                    }
                    case DATA -> {
                        body(b, now);
                        if (--chunk == 0) {
                            state = State.DATA_END;
                            skip = 2;
                        }
                    }
                    case DATA_END -> {
                        if (--skip == 0) {
                            state = State.SIZE;
                            chunk = 0;
                        }
                    }
                    case PLAIN -> body(b, now);
                }
            }
        }

        private void body(byte b, long now) {
            if (b == '\n') {
                streams.line(line, length, now);
                length = 0;
            } else {
                if (length == line.length) {
                    line = Arrays.copyOf(line, length * 2);
                }
                line[length++] = b;
            }
        }
    }
}
