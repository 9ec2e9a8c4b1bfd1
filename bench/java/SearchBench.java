import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tiddly.Settings;
import tiddly.Tiddly;
import tiddly.sql.Engine;
import tiddly.sql.SearchIndexes;

/**
 * Full-text search against LIKE '%word%' through Tiddly's HTTP API, on SQLite or an embedded
 * PostgreSQL. Usage (see bench/search.sh): java -cp CLASSPATH bench/java/SearchBench.java
 * sqlite|postgres ROWS WORK_DIR [all|load|query|inserts]: load builds the table and its index in
 * WORK_DIR (kept), query and inserts reuse it, so that each phase fits in one run; all does the
 * three.
 *
 * Rows of table doc have a 20-word title and a 200-word body drawn from a Zipf distribution
 * (s = 1) over 20,000 made-up words, with a fixed seed: the same arguments give the same rows.
 * Prints, for word pairs of three frequencies, the rows each matches and the median (p50) and p90
 * latency of: the search ordered by _rank desc with limit 20; the same LIKE '%w1%' AND '%w2%' on
 * both columns with limit 20 (what users write today, unordered, so it stops at 20 matches); and
 * that LIKE counted (a full scan). Then single-row POST throughput with and without the index.
 */
public class SearchBench {
    private static final int VOCABULARY = 20_000;
    private static final int TITLE_WORDS = 20;
    private static final int BODY_WORDS = 200;
    private static final int WARMUP = 10;
    private static final int RUNS = 60;
    private static final int INSERTS = 2_000;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String engine = args[0];
        int rows = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        String phase = args.length > 3 ? args[3] : "all";
        boolean load = phase.equals("all") || phase.equals("load");
        Files.createDirectories(work);
        String[] words = vocabulary();
        EmbeddedPostgres postgres = null;
        String url;
        Settings settings = Settings.defaults().withPort(0).withMaxLimit(1000);
        if (engine.equals("postgres")) {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(work.resolve("pg"))
                    .setCleanDataDirectory(load)
                    .setServerConfig("shared_buffers", "512MB")
                    .setServerConfig("work_mem", "64MB")
                    .start();
            url = postgres.getJdbcUrl("postgres", "postgres");
            settings = settings.withDb(url.replaceAll("\\?.*", "")).withDbLogin("public", Optional.of("postgres"), Optional.empty());
        } else {
            Path file = work.resolve("search.db");
            if (load) {
                Files.deleteIfExists(file);
            }
            url = "jdbc:sqlite:" + file;
            settings = settings.withDb(file.toString());
        }
        Engine dialect = engine.equals("postgres") ? Engine.POSTGRES : Engine.SQLITE;
        if (load) {
            load(url, dialect, rows, words);
        }
        if (phase.equals("load")) {
            if (postgres != null) {
                postgres.close();
            }
            return;
        }
        Tiddly tiddly = Tiddly.start(settings);
        try {
            int port = tiddly.port();
            if (!phase.equals("inserts")) {
                queries(port, words);
            }
            if (!phase.equals("query")) {
                inserts(port, url, dialect, rows, words);
            }
        } finally {
            tiddly.close();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static void load(String url, Engine dialect, int rows, String[] words) throws Exception {
        try (Connection connection = DriverManager.getConnection(url)) {
            long start = System.nanoTime();
            load(connection, dialect, rows, words);
            System.out.printf("loaded %,d rows in %.1f s%n", rows, seconds(start));
            start = System.nanoTime();
            run(connection, SearchIndexes.create(dialect, "doc", List.of("title", "body")));
            System.out.printf("search index built in %.1f s%n", seconds(start));
            if (dialect == Engine.POSTGRES) {
                run(connection, List.of("VACUUM ANALYZE doc"));
            }
            if (dialect == Engine.SQLITE) {
                try (Statement statement = connection.createStatement();
                        ResultSet size = statement.executeQuery("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")) {
                    size.next();
                    System.out.printf("database file %,d MB%n", size.getLong(1) >> 20);
                }
            }
        }
    }

    private static void queries(int port, String[] words) throws Exception {
        System.out.println();
        System.out.println("| pair | words (frequency rank) | rows matched | search _rank desc limit 20 p50 / p90 ms"
                + " | LIKE limit 20 p50 / p90 ms | LIKE count p50 ms |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        int[][] pairs = {{3, 8}, {30, 60}, {300, 600}, {3000, 6000}};
        String[] names = {"very common", "common", "medium", "rare"};
        for (int i = 0; i < pairs.length; i++) {
            String first = words[pairs[i][0]];
            String second = words[pairs[i][1]];
            String search = "{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"" + first + " "
                    + second + "\"}}, \"orderby\": \"_rank desc\", \"limit\": 20, \"select\": [\"id\", \"title\"]}";
            String like = "{\"where\": {\"and\": [" + likeBoth(first) + ", " + likeBoth(second)
                    + "]}, \"limit\": 20, \"select\": [\"id\", \"title\"]}";
            String likeCount = "{\"where\": {\"and\": [" + likeBoth(first) + ", " + likeBoth(second)
                    + "]}, \"limit\": 0, \"count\": true}";
            String matched = count(port, "{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \""
                    + first + " " + second + "\"}}, \"limit\": 0, \"count\": true}");
            double[] searchMs = time(port, search, RUNS);
            double[] likeMs = time(port, like, RUNS / 3);
            double[] countMs = time(port, likeCount, 3);
            System.out.printf("| %s | %s (%d), %s (%d) | %s | %.1f / %.1f | %.1f / %.1f | %.0f |%n", names[i], first,
                    pairs[i][0], second, pairs[i][1], matched, searchMs[0], searchMs[1], likeMs[0], likeMs[1],
                    countMs[0]);
        }
        System.out.println();
    }

    /** Single-row POST throughput with the index, then without it (dropped: run load again after). */
    private static void inserts(int port, String url, Engine dialect, int rows, String[] words) throws Exception {
        double with = inserts(port, rows + 1, words);
        try (Connection connection = DriverManager.getConnection(url)) {
            run(connection, SearchIndexes.drop(dialect, "doc", List.of("title", "body")));
        }
        double without = inserts(port, rows + 1 + INSERTS, words);
        System.out.printf("single-row POST /doc, one client: %.0f rows/s with the search index, %.0f rows/s without"
                + " (%.0f%%)%n", with, without, 100 * with / without);
    }

    private static String likeBoth(String word) {
        return "{\"or\": [{\"title\": {\"like\": \"%" + word + "%\"}}, {\"body\": {\"like\": \"%" + word + "%\"}}]}";
    }

    /** Made-up words from syllables, distinct, 2 to 4 syllables: "tavo", "rimeku"… */
    private static String[] vocabulary() {
        String[] syllables = {"ta", "ri", "mo", "ke", "lu", "sa", "ne", "vo", "pi", "da", "go", "fe", "zu", "ba",
            "xi", "ho", "cu", "we", "ja", "ly"};
        Random random = new Random(7);
        java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>();
        while (words.size() < VOCABULARY) {
            int length = 2 + random.nextInt(3);
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < length; i++) {
                word.append(syllables[random.nextInt(syllables.length)]);
            }
            words.add(word.toString());
        }
        return words.toArray(new String[0]);
    }

    private static void load(Connection connection, Engine engine, int rows, String[] words) throws Exception {
        run(connection, List.of("CREATE TABLE doc (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)"));
        if (engine == Engine.SQLITE) {
            run(connection, List.of("PRAGMA journal_mode = WAL", "PRAGMA synchronous = OFF"));
        }
        double[] cumulative = zipf();
        Random random = new Random(42);
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO doc VALUES (?, ?, ?)")) {
            for (int id = 1; id <= rows; id++) {
                insert.setInt(1, id);
                insert.setString(2, text(random, cumulative, words, TITLE_WORDS));
                insert.setString(3, text(random, cumulative, words, BODY_WORDS));
                insert.addBatch();
                if (id % 10_000 == 0) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    private static double[] zipf() {
        double[] cumulative = new double[VOCABULARY];
        double sum = 0;
        for (int rank = 0; rank < VOCABULARY; rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < VOCABULARY; rank++) {
            cumulative[rank] /= sum;
        }
        return cumulative;
    }

    private static String text(Random random, double[] cumulative, String[] words, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int rank = Arrays.binarySearch(cumulative, random.nextDouble());
            rank = rank < 0 ? -rank - 1 : rank;
            if (i > 0) {
                text.append(' ');
            }
            text.append(words[Math.min(rank, words.length - 1)]);
        }
        return text.toString();
    }

    private static void run(Connection connection, List<String> statements) throws Exception {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String fetch(int port, String body) throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/doc"))
                        .method("FETCH", HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String count(int port, String body) throws Exception {
        Matcher matcher = COUNT.matcher(fetch(port, body));
        return matcher.find() ? String.format("%,d", Long.parseLong(matcher.group(1))) : "?";
    }

    /** p50 and p90 in ms. */
    private static double[] time(int port, String body, int runs) throws Exception {
        for (int i = 0; i < Math.min(WARMUP, runs); i++) {
            fetch(port, body);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            fetch(port, body);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[runs * 9 / 10]};
    }

    /** Rows per second of single-row POSTs, one after the other. */
    private static double inserts(int port, int firstId, String[] words) throws Exception {
        double[] cumulative = zipf();
        Random random = new Random(firstId);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < INSERTS; i++) {
            bodies.add("{\"id\": " + (firstId + i) + ", \"title\": \"" + text(random, cumulative, words, TITLE_WORDS)
                    + "\", \"body\": \"" + text(random, cumulative, words, BODY_WORDS) + "\"}");
        }
        long start = System.nanoTime();
        for (String body : bodies) {
            HttpResponse<String> response = CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/doc"))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
        }
        return INSERTS / seconds(start);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
