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
    void readsUseTheIdleWritersConnectionAndAWriteNeverWaitsForThem() {
        try (Database database = Database.openSqlite(directory.resolve("writer.db"), Settings.Durability.NORMAL)) {
            // a TEMP table lives on the connection that made it: it marks the writer's connection
            database.transaction(inside -> inside.sql().update("CREATE TEMP TABLE mark (x)"));
            database.transaction(inside -> inside.sql().update("CREATE TABLE note (x)"));
            String marked = "SELECT count(*) AS n FROM sqlite_temp_master WHERE name = 'mark'";
            List<Object> marks = new ArrayList<>();
            database.streamSql(marked, List.of(), row -> {
                marks.add(row.get("n")); // the read ran on the idle writer's connection
                // this read holds the writer's connection; a write meanwhile runs on a reader's instead of waiting
                List<Map<String, Object>> found = CompletableFuture.supplyAsync(() -> database.transaction(inside -> {
                            inside.sql().update("INSERT INTO note VALUES (1)");
                            return inside.sql()
                                    .query("SELECT count(*) AS n FROM sqlite_temp_master WHERE name = 'mark'");
                        }))
                        .join();
                marks.add(found.get(0).get("n"));
            });
            List<Map<String, Object>> after = database.transaction(
                    inside -> inside.sql().query("SELECT count(*) AS n FROM sqlite_temp_master WHERE name = 'mark'"));
            marks.add(after.get(0).get("n"));
            List<Map<String, Object>> notes =
                    database.transaction(inside -> inside.sql().query("SELECT count(*) AS n FROM note"));
            assertEquals(
                    List.of(1, 0, 1),
                    marks,
                    "read on the writer's, write beside it on a reader's, then the writer's again");
            assertEquals(1, notes.get(0).get("n"), "the write made beside the read was committed");
        }
    }
}
