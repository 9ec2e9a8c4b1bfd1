package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.RestAssured;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Settings;
import tiddly.Tiddly;
import tiddly.testing.HttpLoad;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/** {@code GET /_backup} while writes go on, and a restore from what it sent. */
class BackupTest {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void aBackupTakenUnderWriteLoadRestoresEveryRowAcknowledgedBeforeIt() throws Exception {
        assumeTrue(server.database() == TestDatabase.SQLITE, "backups over HTTP are SQLite's");
        List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                HttpLoad http = new HttpLoad(server.port());
                for (int n = 0; writing.get() && n < 5_000; n++) {
                    try {
                        HttpResponse<String> response =
                                http.send("POST", "/author", "{\"name\": \"writer " + writer + " row " + n + "\"}");
                        Matcher id = ID.matcher(response.body());
                        if (response.statusCode() == 201 && id.find()) {
                            acknowledged.add(Long.parseLong(id.group(1)));
                        }
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            thread.start();
            writers.add(thread);
        }
        while (acknowledged.size() < 200) {
            Thread.sleep(10);
        }
        Set<Long> before = new HashSet<>(acknowledged); // acknowledged before the backup began
        byte[] backup = server.http()
                .when()
                .get("/_backup")
                .then()
                .statusCode(200)
                .header("Content-Type", "application/vnd.sqlite3")
                .header(
                        "Content-Disposition",
                        org.hamcrest.Matchers.matchesPattern(
                                "attachment; filename=\"tiddly-backup-\\d{8}T\\d{6}Z\\.db\""))
                .extract()
                .asByteArray();
        int during = acknowledged.size();
        writing.set(false);
        for (Thread thread : writers) {
            thread.join();
        }
        assertTrue(acknowledged.size() > during || during > before.size(), "the writes went on during the backup");

        Path restored = Files.createTempDirectory("tiddly-restore").resolve("restored.db");
        Files.write(restored, backup);
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + restored);
                var statement = connection.createStatement();
                ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
            check.next();
            assertEquals("ok", check.getString(1));
        }
        try (Tiddly tiddly =
                Tiddly.start(Settings.defaults().withDb(restored.toString()).withPort(0))) {
            Set<Long> present = new HashSet<>();
            String body = RestAssured.given()
                    .port(tiddly.port())
                    .body("{\"select\": [\"id\"], \"where\": {\"name\": {\"like\": \"writer %\"}}, \"limit\": 1000}")
                    .when()
                    .request("FETCH", "/author")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            Matcher id = ID.matcher(body);
            while (id.find()) {
                present.add(Long.parseLong(id.group(1)));
            }
            Set<Long> missing = new HashSet<>(before);
            missing.removeAll(present);
            assertEquals(Set.of(), missing, "rows acknowledged before the backup began but not in it");
            assertTrue(present.size() >= before.size());
        }
    }

    @Test
    void theBackupLeavesNoCopyBehind() throws Exception {
        assumeTrue(server.database() == TestDatabase.SQLITE, "backups over HTTP are SQLite's");
        server.http().when().get("/_backup").then().statusCode(200);
        try (var files = Files.list(server.db().getParent())) {
            assertEquals(
                    List.of(),
                    files.filter(file -> file.getFileName().toString().startsWith(".tiddly-backup-"))
                            .toList());
        }
    }

    @Test
    void aDatabaseServerIsBackedUpWithItsOwnTools() {
        assumeTrue(server.database() != TestDatabase.SQLITE, "SQLite is backed up over HTTP");
        server.http().when().get("/_backup").then().statusCode(501).body("code", equalTo("backup_unsupported"));
    }
}
