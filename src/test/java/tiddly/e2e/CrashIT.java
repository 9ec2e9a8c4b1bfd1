package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.testing.HttpLoad;
import tiddly.testing.JarProcess;

/**
 * Crash safety: 16 writers insert rows and record each one the server acknowledged; the server
 * is killed with SIGKILL at a random moment and restarted; every acknowledged row must be there,
 * intact. {@code -Dcrash.cycles=N} (CI: 5; bench/crash-test.sh: 20).
 */
class CrashIT {
    private static final int WRITERS = 16;

    @TempDir
    Path folder;

    @Test
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        int cycles = Integer.getInteger("crash.cycles", 5);
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        long attempted = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            JarProcess jar = JarProcess.start(folder, "--port", "0");
            assertPresent(jar.port(), acknowledged);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Writer> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(new Writer(new HttpLoad(jar.port()), "c" + cycle + "-w" + w, acknowledged, running));
            }
            writers.forEach(Thread::start);
            Thread.sleep(300 + random.nextInt(1500));
            jar.kill(); // mid-flight: some requests are in the server, some acknowledged, some not
            running.set(false);
            for (Writer writer : writers) {
                writer.join();
                attempted += writer.attempts;
            }
        }
        try (JarProcess jar = JarProcess.start(folder, "--port", "0")) {
            assertPresent(jar.port(), acknowledged);
        }
        assertEquals("ok", integrityCheck(folder.resolve("tiddly.db")));
        System.out.printf(
                "crash test: %d cycles, %d writes attempted, %d acknowledged, 0 lost%n",
                cycles, attempted, acknowledged.size());
        assertTrue(acknowledged.size() > 0);
    }

    /** Reads every row of dual in key order and checks each acknowledged one is there with its text. */
    private static void assertPresent(int port, Map<Long, String> acknowledged) throws IOException {
        HttpLoad http = new HttpLoad(port);
        Map<Long, String> stored = new HashMap<>();
        long after = 0;
        while (true) {
            HttpResponse<String> page = http.send(
                    "FETCH",
                    "/dual",
                    "{\"where\": {\"id\": {\"gt\": " + after + "}}, \"orderby\": \"id\", \"limit\": 1000}");
            assertEquals(200, page.statusCode(), page.body());
            JsonArray rows =
                    JsonParser.parseString(page.body()).getAsJsonObject().getAsJsonArray("data");
            for (JsonElement row : rows) {
                JsonObject object = row.getAsJsonObject();
                after = object.get("id").getAsLong();
                stored.put(
                        after,
                        object.get("text").isJsonNull()
                                ? null
                                : object.get("text").getAsString());
            }
            if (rows.size() < 1000) {
                break;
            }
        }
        acknowledged.forEach((id, text) -> assertEquals(text, stored.get(id), "acknowledged row " + id));
    }

    private static String integrityCheck(Path db) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet result = connection.createStatement().executeQuery("PRAGMA integrity_check")) {
            result.next();
            return result.getString(1);
        }
    }

    private static final class Writer extends Thread {
        private final HttpLoad http;
        private final String name;
        private final Map<Long, String> acknowledged;
        private final AtomicBoolean running;
        long attempts;

        Writer(HttpLoad http, String name, Map<Long, String> acknowledged, AtomicBoolean running) {
            this.http = http;
            this.name = name;
            this.acknowledged = acknowledged;
            this.running = running;
        }

        @Override
        public void run() {
            for (int n = 0; running.get(); n++) {
                String text = name + "-" + n;
                attempts++;
                try {
                    HttpResponse<String> response = http.send("POST", "/dual", "{\"text\": \"" + text + "\"}");
                    if (response.statusCode() == 201) {
                        long id = JsonParser.parseString(response.body())
                                .getAsJsonObject()
                                .getAsJsonObject("data")
                                .get("id")
                                .getAsLong();
                        acknowledged.put(id, text);
                    }
                } catch (IOException serverGone) {
                    return;
                }
            }
        }
    }
}
