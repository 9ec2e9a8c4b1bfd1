package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.client.Auth;
import tiddly.client.ChangeEvent;
import tiddly.client.ConflictException;
import tiddly.client.Row;
import tiddly.client.Subscription;
import tiddly.client.TiddlyClient;
import tiddly.testing.TiddlyServer;

/**
 * The Java examples of docs/clients-java.md and docs/clients.md, run: each {@code // doc:begin} …
 * {@code // doc:end} region below must appear word for word as a {@code ```java} block of one of
 * them, and every such block must be a region, so every documented call is a compiled and tested
 * call.
 */
class JavaClientDocsTest {
    private static final Path DOC = Path.of("docs", "clients-java.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "tiddly", "e2e", "JavaClientDocsTest.java");

    @RegisterExtension
    final TiddlyServer tiddly = TiddlyServer.sample();

    @Test
    void theQuickStartRunsAsDocumented() {
        URI server = URI.create("http://127.0.0.1:" + tiddly.port());
        // doc:begin
        TiddlyClient client = TiddlyClient.connect(server, Auth.none());

        // The newest science fiction, with each book's author.
        List<Row> books = client.table("book")
                .where(Map.of("genre", "sf", "year", Map.of("gte", 2000)))
                .orderBy("year desc")
                .select("id", "title", "year", "author_id")
                .embed("author")
                .limit(5)
                .all();
        Row newest = books.get(0);
        String author = newest.getRow("author").orElseThrow().getString("name");

        // A count, one row by its key, and every row, page by page.
        long sf = client.table("book").where(Map.of("genre", "sf")).count();
        Row genre = client.table("genre").get("sf");
        long all = client.table("book").limit(25).stream().count();

        // Change a row: only the changed column is sent, with the row's ETag in If-Match.
        newest.set("title", newest.getString("title") + " (2nd ed.)");
        newest.save();

        // A new author and their first book, saved together in one batch: all or nothing.
        Row leckie = client.table("author").newRow(Map.of("name", "Ann Leckie", "born", 1966));
        Row justice = client.table("book").newRow(Map.of("title", "Ancillary Justice", "year", 2013, "genre", "sf"));
        justice.set("author", leckie);
        client.save(justice);
        // doc:end
        assertEquals("Book 44", books.get(0).getString("title").replace(" (2nd ed.)", ""));
        assertEquals("Italo Calvino", author);
        assertEquals(15, sf);
        assertEquals("Science fiction", genre.get("name"));
        assertEquals(60, all);
        assertEquals("Book 44 (2nd ed.)", tiddly.scalar("SELECT title FROM book WHERE id = 44"));
        assertEquals(leckie.get("id"), justice.get("author_id"));
    }

    @Test
    void theConflictExampleRunsAsDocumented() {
        TiddlyClient client = TiddlyClient.connect(URI.create("http://127.0.0.1:" + tiddly.port()), Auth.none());
        TiddlyClient someoneElse = TiddlyClient.connect(URI.create("http://127.0.0.1:" + tiddly.port()), Auth.none());
        List<String> seen = new ArrayList<>();
        // doc:begin
        Row mine = client.table("book").get(1);
        someoneElse.table("book").get(1).set("year", 1968).save(); // meanwhile
        mine.set("title", "A Wizard of Earthsea");
        try {
            mine.save();
        } catch (ConflictException conflict) {
            Row current = conflict.current().orElseThrow(); // the row as it is now, with its ETag
            seen.add("year is now " + current.get("year"));
            current.set("title", mine.get("title")).save();
        }
        // doc:end
        assertEquals(List.of("year is now 1968"), seen);
        assertEquals("A Wizard of Earthsea", tiddly.scalar("SELECT title FROM book WHERE id = 1"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a measured time
    void theLiveQueryExampleRunsAsDocumented() throws InterruptedException {
        TiddlyClient client = TiddlyClient.connect(URI.create("http://127.0.0.1:" + tiddly.port()), Auth.none());
        // doc:begin
        BlockingQueue<ChangeEvent> changes = new LinkedBlockingQueue<>();
        try (Subscription live =
                client.table("book").where(Map.of("genre", "sf")).subscribe(changes::add)) {
            changes.take(); // "ready": from here on, no change is missed
            client.table("book").create(Map.of("title", "Dune", "author_id", 1, "genre", "sf"));
            ChangeEvent inserted = changes.take(); // "insert", with the new row
            System.out.println(
                    inserted.type() + " " + inserted.row().orElseThrow().get("title") + " at "
                            + live.lastEventId().getAsLong());
        }
        // doc:end
    }

    @Test
    void theExampleOfClientsMdRunsAsDocumented() {
        URI server = URI.create("http://127.0.0.1:" + tiddly.port());
        // doc:begin
        TiddlyClient client = TiddlyClient.connect(server, Auth.none());
        List<Row> books = client.table("book")
                .where(Map.of("genre", "sf"))
                .orderBy("year desc")
                .limit(20)
                .all();
        books.get(0).set("title", "Dune").save();
        // doc:end
        assertEquals("Dune", tiddly.scalar("SELECT title FROM book WHERE id = 44"));
    }

    @Test
    void everyJavaBlockOfTheDocumentsIsARegionOfThisTestAndViceVersa() throws IOException {
        List<String> blocks = new ArrayList<>(blocks(Files.readAllLines(DOC)));
        blocks.addAll(blocks(Files.readAllLines(Path.of("docs", "clients.md"))));
        List<String> regions = regions(Files.readAllLines(SOURCE));
        assertEquals(4, regions.size());
        for (String region : regions) {
            assertTrue(blocks.contains(region), "docs/clients-java.md and clients.md lack this example:\n" + region);
        }
        for (String block : blocks) {
            assertTrue(regions.contains(block), "this example of the docs is not run by this test:\n" + block);
        }
    }

    private static List<String> blocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : lines) {
            if (block == null && line.equals("```java")) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    private static List<String> regions(List<String> lines) {
        List<String> regions = new ArrayList<>();
        StringBuilder region = null;
        int indent = 0;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.equals("// doc:" + "begin")) {
                region = new StringBuilder();
                indent = line.indexOf('/');
            } else if (trimmed.equals("// doc:" + "end")) {
                regions.add(region.toString());
                region = null;
            } else if (region != null) {
                region.append(line.length() > indent ? line.substring(indent) : line.trim())
                        .append('\n');
            }
        }
        return regions;
    }
}
