package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.Settings;

/** SQLite's writes take turns on one connection of their own (docs/performance.md, "Reads and writes together"). */
class WriterConnectionTest {
    @TempDir
    Path directory;

    @Test
    void aWriteRunsOnTheWritersConnectionWhileReadsHoldThePool() {
        try (Database database = Database.openSqlite(directory.resolve("writer.db"), Settings.Durability.NORMAL)) {
            // a TEMP table lives on the connection that made it: it marks the writer's connection
            database.transaction(inside -> inside.sql().update("CREATE TEMP TABLE mark (x)"));
            List<Object> marks = new ArrayList<>();
            database.stream(new Statement("SELECT 1", List.of(), List.of(), false), row -> {
                // this read holds a session of the pool; a write meanwhile still gets the writer's
                List<Map<String, Object>> found = CompletableFuture.supplyAsync(() -> database.transaction(inside ->
                                inside.sql().query("SELECT count(*) AS n FROM sqlite_temp_master WHERE name = 'mark'")))
                        .join();
                marks.add(found.get(0).get("n"));
            });
            assertEquals(List.of(1), marks, "the write ran on the connection that holds the mark");
        }
    }
}
