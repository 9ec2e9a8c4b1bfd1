package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.testing.HttpLoad;
import tiddly.testing.JarProcess;

/**
 * 64 clients insert and update at once while 4 read; none may fail with busy/locked, and reads
 * keep flowing. {@code -Dload.seconds=N} (CI: 5; bench/load-test.sh: 30).
 */
class ConcurrentWritersIT {
    private static final int WRITERS = 64;
    private static final int READERS = 4;

    @TempDir
    Path folder;

    @Test
    void concurrentWritersQueueInsteadOfFailing() throws Exception {
        long seconds = Long.getLong("load.seconds", 5);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        try (JarProcess jar = JarProcess.start(folder, "--port", "0")) {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < WRITERS + READERS; i++) {
                boolean reader = i >= WRITERS;
                HttpLoad http = new HttpLoad(jar.port());
                clients.add(new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            HttpResponse<String> response = reader ? read(http) : write(http);
                            statuses.computeIfAbsent(response.statusCode(), code -> new AtomicLong())
                                    .incrementAndGet();
                            if (reader && response.statusCode() == 200) {
                                reads.incrementAndGet();
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                    }
                }));
            }
            clients.forEach(Thread::start);
            for (Thread client : clients) {
                client.join();
            }
        }
        long total = statuses.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf(
                "concurrent writers: %d s, %d requests (%d reads), statuses %s, %d I/O errors%n",
                seconds, total, reads.get(), statuses, errors.get());
        assertEquals(0, errors.get());
        assertTrue(statuses.keySet().stream().allMatch(status -> status == 200 || status == 201), statuses.toString());
        assertTrue(reads.get() > seconds, "reads kept flowing: " + reads.get());
    }

    private static HttpResponse<String> write(HttpLoad http) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextBoolean()) {
            return http.send(
                    "POST",
                    "/book",
                    "{\"title\": \"Load\", \"year\": 2000, \"author_id\": " + (1 + random.nextInt(10)) + "}");
        }
        return http.send(
                "PUT", "/book/" + (1 + random.nextInt(60)), "{\"year\": " + (1900 + random.nextInt(120)) + "}");
    }

    private static HttpResponse<String> read(HttpLoad http) throws IOException {
        return http.send(
                "FETCH", "/book", "{\"where\": {\"year\": {\"gt\": 2000}}, \"orderby\": \"year desc\", \"limit\": 20}");
    }
}
