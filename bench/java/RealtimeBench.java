import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live queries under load, against a running Tiddly over the sample database (bench/realtime.sh
 * starts it). Usage: java bench/java/RealtimeBench.java PORT MODE
 *   subscribers N  open N streams (filters on author_id 1..10), then serve GETs for 10 s with 4
 *                  threads while they stay open; then 100 writes, each checked to reach every
 *                  stream whose filter it matches
 *   latency        500 streams, 500 writes/s for 10 s, each write matching 50 of them (10%):
 *                  latency from sending the write to each stream's event, p50/p99
 *   throughput     4 threads POST as fast as they can for 10 s: writes/s
 * Times measured from the client's send of the POST bound commit-to-event from above.
 */
public class RealtimeBench {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    private static final Pattern TITLE = Pattern.compile("\"title\":\"w-(\\d+)\"");
    private static final int GROUPS = 10;

    private static String base;
    private static final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private static final ConcurrentHashMap<Integer, Long> sent = new ConcurrentHashMap<>();
    private static final AtomicLong delivered = new AtomicLong();

    public static void main(String[] args) throws Exception {
        base = "http://127.0.0.1:" + args[0];
        switch (args[1]) {
            case "subscribers" -> subscribers(Integer.parseInt(args[2]));
            case "latency" -> latency();
            case "throughput" -> System.out.printf("throughput: %.0f writes/s%n", throughput(10));
            default -> throw new IllegalArgumentException(args[1]);
        }
        System.exit(0);
    }

    /** A stream whose events record their latency; counts down {@code ready} when it is live. */
    private static void subscribe(int group, CountDownLatch ready) {
        String where = URLEncoder.encode("{\"author_id\": " + group + "}", StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/book?select=id,title&where=" + where))
                .header("Accept", "text/event-stream")
                .build();
        CLIENT.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            public void onNext(String line) {
                if (line.startsWith("event: ready")) {
                    ready.countDown();
                } else if (line.startsWith("data: ")) {
                    Matcher title = TITLE.matcher(line);
                    if (title.find()) {
                        Long at = sent.get(Integer.parseInt(title.group(1)));
                        if (at != null) {
                            latencies.add(System.nanoTime() - at);
                        }
                        delivered.incrementAndGet();
                    }
                }
            }

            public void onError(Throwable error) {
                System.err.println("a stream failed: " + error);
            }

            public void onComplete() {}
        }));
    }

    private static void openStreams(int count) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            subscribe(1 + i % GROUPS, ready);
        }
        if (!ready.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(ready.getCount() + " streams never became ready");
        }
        System.out.printf("%d streams ready in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    private static HttpResponse<String> post(int seq) throws Exception {
        int author = 1 + seq % GROUPS;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/book"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"w-" + seq + "\", \"author_id\": " + author + "}"))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void subscribers(int count) throws Exception {
        openStreams(count);
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
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
                    times.add(System.nanoTime() - at);
                    requests.incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf(
                "with %d streams open: %.0f GET/s, p99 %.1f ms, %d errors%n",
                count, requests.get() / 10.0, percentile(times, 0.99) / 1e6, errors.get());
        for (int seq = 0; seq < 100; seq++) {
            sent.put(seq, System.nanoTime());
            post(seq);
        }
        long expected = 100L * count / GROUPS;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (delivered.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        System.out.printf("100 writes: %d of %d events delivered; latency p50 %.1f ms, p99 %.1f ms%n",
                delivered.get(), expected, percentile(latencies, 0.5) / 1e6, percentile(latencies, 0.99) / 1e6);
    }

    private static void latency() throws Exception {
        int streams = 500;
        openStreams(streams);
        int rate = 500;
        int seconds = 10;
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(8);
        AtomicInteger seq = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long period = TimeUnit.SECONDS.toMicros(1) / rate;
        pacer.scheduleAtFixedRate(() -> {
            int mine = seq.getAndIncrement();
            if (mine >= rate * seconds) {
                return;
            }
            sent.put(mine, System.nanoTime());
            try {
                if (post(mine).statusCode() != 201) {
                    failed.incrementAndGet();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }, 0, period, TimeUnit.MICROSECONDS);
        long start = System.nanoTime();
        while (seq.get() < rate * seconds) {
            Thread.sleep(50);
        }
        double took = (System.nanoTime() - start) / 1e9;
        pacer.shutdown();
        pacer.awaitTermination(30, TimeUnit.SECONDS);
        long expected = (long) rate * seconds * streams / GROUPS;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (delivered.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        System.out.printf(
                "latency: %d writes in %.1f s (%.0f/s, %d failed), %d of %d events; send-to-event p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                rate * seconds, took, rate * seconds / took, failed.get(), delivered.get(), expected,
                percentile(latencies, 0.5) / 1e6, percentile(latencies, 0.99) / 1e6, percentile(latencies, 1.0) / 1e6);
    }

    private static double throughput(int seconds) throws Exception {
        AtomicInteger writes = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                int seq = 1_000_000 * (offset + 1);
                while (System.nanoTime() < end) {
                    try {
                        if (post(seq++).statusCode() == 201) {
                            writes.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // counted as not written
                    }
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

    private static double percentile(List<Long> values, double p) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
