import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load through two Tiddly instances while a script beside it breaks the database (ops/clusters/):
 * java -cp target/tiddly.jar ops/clusters/FailoverLoad.java SECONDS URL,URL JDBC[,JDBC…] USER [WRITERS] [READERS]
 *
 * <p>Writers insert authors named uniquely, each with an Idempotency-Key, alternating instances; a
 * 503, a 500 or a broken connection is retried with the same key (after Retry-After) on the other
 * instance, for up to 30 s. After each 201 the row is read back at once through the OTHER instance
 * (or the same one if the other cannot answer): read-your-writes. Readers list authors. At the end
 * every JDBC URL (each node that must hold the data) is checked: every acknowledged row present
 * with its id, none stored twice. Prints {@code key=value} lines for the script, epoch times in ms.
 *
 * <p>With the environment variable FAILOVER_STREAM=1, a live query ({@code GET /author} with
 * {@code Accept: text/event-stream}) is open on the first instance the whole time; when it breaks
 * it reconnects there with {@code Last-Event-ID}, and every 5 s it drops its connection and resumes
 * that way on purpose, so that resumes happen during the outage and after the promotion. At the end every acknowledged write's insert
 * event must have come exactly once: {@code stream_missing} and {@code stream_duplicated}.
 */
public class FailoverLoad {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern CODE = Pattern.compile("\"code\":\"([a-z_]+)\"");
    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]+)\"");

    private final List<String> instances;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String prefix = "fo-" + Long.toString(System.currentTimeMillis(), 36);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder unavailableWithRetryAfter = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder noAnswer = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder gaveUp = new LongAdder();
    private final LongAdder readYourWritesChecked = new LongAdder();
    private final LongAdder readYourWritesMissed = new LongAdder();
    private final LongAdder readYourWritesUnchecked = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final AtomicLong firstFailure = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastFailure = new AtomicLong(0);
    /** The stream's inserts of this run's rows: name → times received. */
    private final Map<String, Integer> streamed = new ConcurrentHashMap<>();
    private final LongAdder streamConnects = new LongAdder();
    private final LongAdder streamResets = new LongAdder();
    private final AtomicBoolean streaming = new AtomicBoolean(true);
    private volatile String lastEventId = "";
    private volatile java.io.InputStream current;

    FailoverLoad(List<String> instances) {
        this.instances = instances;
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        FailoverLoad load = new FailoverLoad(List.of(args[1].split(",")));
        List<String> checks = List.of(args[2].split(","));
        String user = args[3];
        int writers = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        int readers = args.length > 5 ? Integer.parseInt(args[5]) : 16;
        boolean stream = "1".equals(System.getenv("FAILOVER_STREAM"));
        Thread streamer = null;
        if (stream) {
            streamer = new Thread(load::stream, "stream");
            streamer.setDaemon(true); // a read blocked on the socket does not keep the JVM alive
            streamer.start();
            Thread dropper = new Thread(load::dropEvery5s, "stream-dropper");
            dropper.setDaemon(true);
            dropper.start();
        }
        if (stream) {
            load.awaitStream();
        }
        System.out.println("load_start=" + System.currentTimeMillis());
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(start(() -> load.write(writer)));
        }
        for (int r = 0; r < readers; r++) {
            int reader = r;
            threads.add(start(() -> load.read(reader)));
        }
        Thread.sleep(seconds * 1000L);
        load.running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("load_end=" + System.currentTimeMillis());
        if (streamer != null) {
            load.drainStream(streamer);
        }
        load.report(checks, user);
    }

    private void write(int writer) {
        for (long n = 0; running.get(); n++) {
            String name = prefix + "-" + writer + "-" + n;
            String key = UUID.randomUUID().toString();
            long deadline = System.currentTimeMillis() + 30_000;
            boolean done = false;
            for (int attempt = 0; !done && System.currentTimeMillis() < deadline; attempt++) {
                int instance = (int) ((writer + n + attempt) % instances.size());
                HttpRequest request = HttpRequest.newBuilder(URI.create(instances.get(instance) + "/author"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build();
                long pause = 200;
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    count("POST " + response.statusCode() + code(response.body()));
                    if (response.statusCode() == 201) {
                        Matcher id = ID.matcher(response.body());
                        if (!id.find()) {
                            throw new IllegalStateException("201 without an id: " + response.body());
                        }
                        acknowledged.put(name, Long.parseLong(id.group(1)));
                        if (response.headers().firstValue("Idempotent-Replayed").isPresent()) {
                            replayed.increment();
                        }
                        readBack(
                                instance,
                                id.group(1),
                                name,
                                response.headers().firstValue("Tiddly-Position"));
                        done = true;
                        continue;
                    }
                    failed();
                    if (response.statusCode() == 503) {
                        unavailable.increment();
                        var retryAfter = response.headers().firstValue("Retry-After");
                        if (retryAfter.isPresent()) {
                            unavailableWithRetryAfter.increment();
                            pause = Math.min(2000, Long.parseLong(retryAfter.get()) * 1000);
                        }
                    } else if (response.statusCode() >= 500) {
                        serverErrors.increment();
                        System.out.println("server_error=" + response.statusCode() + " " + response.body());
                    } else {
                        System.out.println("refused=" + response.statusCode() + " " + response.body());
                        break; // a 4xx will not change by retrying
                    }
                } catch (HttpTimeoutException e) {
                    noAnswer.increment();
                    count("POST no answer in 15 s");
                    failed();
                } catch (IOException e) {
                    count("POST " + e.getClass().getSimpleName());
                    failed();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sleep(pause);
            }
            if (!done) {
                gaveUp.increment();
            }
        }
    }

    /**
     * A GET of the row just written, through the other instance first; 404 breaks read-your-writes.
     * It brings the write's Tiddly-Position back, as the clients do (given only with --db-replicas).
     */
    private void readBack(int writtenThrough, String id, String name, java.util.Optional<String> position) {
        for (int i = 1; i <= instances.size(); i++) {
            int instance = (writtenThrough + i) % instances.size();
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(instances.get(instance) + "/author/" + id))
                    .timeout(Duration.ofSeconds(15));
            position.ifPresent(value -> builder.header("Tiddly-Position", value));
            HttpRequest request = builder.build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                count("GET-after-write " + response.statusCode() + code(response.body()));
                if (response.statusCode() == 200 && response.body().contains(name)) {
                    readYourWritesChecked.increment();
                    return;
                }
                if (response.statusCode() == 404 || response.statusCode() == 200) {
                    readYourWritesChecked.increment();
                    readYourWritesMissed.increment();
                    System.out.println("read_your_writes_missed=" + id + " " + response.body());
                    return;
                }
                if (response.statusCode() >= 500 && response.statusCode() != 503) {
                    serverErrors.increment();
                    System.out.println("server_error=" + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                count("GET-after-write " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        readYourWritesUnchecked.increment();
    }

    private void read(int reader) {
        for (long n = 0; running.get(); n++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(
                            instances.get((int) ((reader + n) % instances.size())) + "/author?orderby=id%20desc&limit=10"))
                    .timeout(Duration.ofSeconds(15))
                    .build();
            long pause = 0;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                count("GET " + response.statusCode() + code(response.body()));
                reads.increment();
                if (response.statusCode() == 503) {
                    unavailable.increment();
                    if (response.headers().firstValue("Retry-After").isPresent()) {
                        unavailableWithRetryAfter.increment();
                    }
                    pause = 500;
                } else if (response.statusCode() >= 500) {
                    serverErrors.increment();
                    System.out.println("server_error=" + response.statusCode() + " " + response.body());
                }
            } catch (HttpTimeoutException e) {
                noAnswer.increment();
                count("GET no answer in 15 s");
            } catch (IOException e) {
                count("GET " + e.getClass().getSimpleName());
                pause = 200;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(pause);
        }
    }

    /**
     * The live query on the first instance: reads events until told to stop, reconnecting with
     * the last id it got whenever the stream breaks (the database failed over, or Tiddly answered 503).
     */
    private void stream() {
        while (streaming.get()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(instances.get(0) + "/author?select=id,name"))
                    .header("Accept", "text/event-stream");
            if (!lastEventId.isEmpty()) {
                request.header("Last-Event-ID", lastEventId);
            }
            try {
                HttpResponse<java.io.InputStream> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() == 200) {
                    streamConnects.increment();
                    System.out.println("stream_connect=" + System.currentTimeMillis() + " " + lastEventId);
                    current = response.body();
                    read(response.body());
                } else {
                    response.body().close();
                    count("STREAM " + response.statusCode());
                }
            } catch (IOException e) {
                count("STREAM " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(500);
        }
    }

    private void read(java.io.InputStream body) throws IOException {
        try (var lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8))) {
            String event = "message";
            String id = null;
            String data = "";
            for (String line = lines.readLine(); line != null && streaming.get(); line = lines.readLine()) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                } else if (line.isEmpty()) {
                    if (event.equals("insert")) {
                        Matcher name = NAME.matcher(data);
                        if (name.find() && name.group(1).startsWith(prefix + "-")) {
                            streamed.merge(name.group(1), 1, Integer::sum);
                        }
                    } else if (event.equals("reset")) {
                        streamResets.increment();
                        System.out.println("stream_reset " + data);
                    } else if (event.equals("ready")) {
                        streamReady = true;
                    }
                    if (id != null) {
                        lastEventId = id;
                    }
                    event = "message";
                    id = null;
                    data = "";
                }
            }
        }
    }

    private volatile boolean streamReady;

    /** Closes the stream's connection every 5 s: the stream resumes with the last id it got. */
    private void dropEvery5s() {
        while (streaming.get()) {
            sleep(5000);
            java.io.InputStream body = current;
            if (body != null && streaming.get()) {
                try {
                    body.close();
                } catch (IOException e) {
                    // already broken
                }
            }
        }
    }

    private void awaitStream() throws InterruptedException {
        for (int i = 0; i < 300 && !streamReady; i++) {
            Thread.sleep(100);
        }
        if (!streamReady) {
            throw new IllegalStateException("the stream did not start");
        }
    }

    /** After the load: waits up to 30 s for the stream to bring every acknowledged insert, then stops it. */
    private void drainStream(Thread streamer) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !streamed.keySet().containsAll(acknowledged.keySet())) {
            Thread.sleep(200);
        }
        streaming.set(false);
        streamer.interrupt();
        long missing = acknowledged.keySet().stream().filter(name -> !streamed.containsKey(name)).count();
        long twice = streamed.values().stream().filter(times -> times > 1).count();
        long unacknowledged = streamed.keySet().stream().filter(name -> !acknowledged.containsKey(name)).count();
        System.out.println("stream_connects=" + streamConnects.sum());
        System.out.println("stream_resets=" + streamResets.sum());
        System.out.println("stream_inserts=" + streamed.size());
        System.out.println("stream_missing=" + missing);
        System.out.println("stream_duplicated=" + twice);
        System.out.println("stream_not_acknowledged=" + unacknowledged);
    }

    private void report(List<String> checks, String user) throws Exception {
        System.out.println("acknowledged=" + acknowledged.size());
        System.out.println("replayed=" + replayed.sum());
        System.out.println("gave_up=" + gaveUp.sum());
        System.out.println("reads=" + reads.sum());
        System.out.println("status_500s=" + serverErrors.sum());
        System.out.println("status_503s=" + unavailable.sum());
        System.out.println("status_503s_with_retry_after=" + unavailableWithRetryAfter.sum());
        System.out.println("no_answer_in_15s=" + noAnswer.sum());
        System.out.println("read_your_writes_checked=" + readYourWritesChecked.sum());
        System.out.println("read_your_writes_missed=" + readYourWritesMissed.sum());
        System.out.println("read_your_writes_unchecked=" + readYourWritesUnchecked.sum());
        System.out.println("first_failure=" + (firstFailure.get() == Long.MAX_VALUE ? 0 : firstFailure.get()));
        System.out.println("last_failure=" + lastFailure.get());
        new TreeMap<>(outcomes).forEach((outcome, count) -> System.out.println("outcome " + outcome + " = " + count));
        for (String url : checks) {
            Map<String, List<Long>> stored = stored(url, user);
            long missing = acknowledged.entrySet().stream()
                    .filter(row -> !List.of(row.getValue()).equals(stored.get(row.getKey())))
                    .count();
            long twice = stored.values().stream().filter(ids -> ids.size() > 1).count();
            String node = url.replaceAll("\\?.*", "");
            System.out.println("check " + node + ": stored=" + stored.size() + " acknowledged_missing=" + missing
                    + " stored_twice=" + twice);
            System.out.println("acknowledged_missing=" + missing);
            System.out.println("stored_twice=" + twice);
        }
    }

    private static Thread start(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    /** The rows written, by name; waits up to 2 minutes for a node still joining its cluster. */
    private Map<String, List<Long>> stored(String url, String user) throws Exception {
        for (int attempt = 0; ; attempt++) {
            Map<String, List<Long>> stored = new HashMap<>();
            try (var connection = DriverManager.getConnection(url, user, "");
                    var statement = connection.createStatement();
                    ResultSet rows =
                            statement.executeQuery("SELECT name, id FROM author WHERE name LIKE '" + prefix + "-%'")) {
                while (rows.next()) {
                    stored.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getLong(2));
                }
                return stored;
            } catch (java.sql.SQLException e) {
                if (attempt >= 240) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private void failed() {
        long now = System.currentTimeMillis();
        firstFailure.accumulateAndGet(now, Math::min);
        lastFailure.accumulateAndGet(now, Math::max);
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    private static String code(String body) {
        Matcher code = CODE.matcher(body);
        return code.find() ? " " + code.group(1) : "";
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
