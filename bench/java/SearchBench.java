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
 * sqlite|postgres ROWS WORK_DIR [all|load|query|search|ranked|inserts]: load builds the table and
 * its index in WORK_DIR (kept), query and inserts reuse it, so that each phase fits in one run; all
 * does the three; search is query without its two slow columns (every match ranked, LIKE count),
 * ranked the search column only.
 *
 * Rows of table doc have a 20-word title and a 200-word body drawn from a Zipf distribution
 * (s = 1) over 20,000 made-up words, with a fixed seed: the same arguments give the same rows.
 * Prints, for word pairs of four frequencies and two mixes, the rows each matches and the median
 * (p50) and p90 latency of: the search ordered by _rank desc with limit 20, on a warm server (every
 * search sent for 8 s untimed, then each 20 times untimed and 100 times timed) and on the cold
 * server just started (10 untimed, 60 timed); the same LIKE '%w1%' AND '%w2%' on
 * both columns with limit 20 (what users write today, unordered, so it stops at 20 matches); and
 * that LIKE counted (a full scan). Then single-row POST throughput with and without the index.
 */
public class SearchBench {
    private static final int VOCABULARY = 20_000;
    private static final int TITLE_WORDS = 20;
    private static final int BODY_WORDS = 200;
    private static final int WARMUP = 10;
    private static final int RUNS = 60;
    /** The warm server: every search of the phase sent in turn for this long before any is timed. */
    private static final long WARM_UP_NANOS = 8_000_000_000L;
    private static final int WARM_WARMUP = 20;
    private static final int WARM_RUNS = 100;
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
        // A PostgreSQL of one's own (e.g. a cluster built with generate_series, whose word for
        // frequency rank k is "w" + k): TIDDLY_SEARCH_BENCH_PG_URL=jdbc:postgresql://host:port/db (user
        // postgres, no password) and TIDDLY_SEARCH_BENCH_WORDS=w.
        String external = System.getenv("TIDDLY_SEARCH_BENCH_PG_URL");
        String[] words = System.getenv("TIDDLY_SEARCH_BENCH_WORDS") == null
                ? vocabulary()
                : numbered(System.getenv("TIDDLY_SEARCH_BENCH_WORDS"));
        EmbeddedPostgres postgres = null;
        String url;
        Settings settings = Settings.defaults().withPort(0).withMaxLimit(1000);
        if (engine.equals("postgres") && external != null) {
            url = external + "?user=postgres";
            settings = settings.withDb(external).withDbLogin("public", Optional.of("postgres"), Optional.empty());
        } else if (engine.equals("postgres")) {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(work.resolve("pg"))
                    .setCleanDataDirectory(phase.equals("all"))
                    .setServerConfig("shared_buffers", "512MB")
                    .setServerConfig("work_mem", "64MB")
                    .start();
            url = postgres.getJdbcUrl("postgres", "postgres");
            settings = settings.withDb(url.replaceAll("\\?.*", "")).withDbLogin("public", Optional.of("postgres"), Optional.empty());
        } else {
            Path file = work.resolve("search.db");
            if (phase.equals("all")) {
                Files.deleteIfExists(file);
            }
            url = "jdbc:sqlite:" + file;
            settings = settings.withDb(file.toString());
        }
        Engine dialect = engine.equals("postgres") ? Engine.POSTGRES : Engine.SQLITE;
        if (load) {
            load(url, dialect, rows, words);
        }
        if (phase.equals("index") || phase.equals("all")) {
            index(url, dialect);
        }
        if (phase.equals("load") || phase.equals("index")) {
            if (postgres != null) {
                postgres.close();
            }
            return;
        }
        Tiddly tiddly = Tiddly.start(settings);
        try {
            int port = tiddly.port();
            if (!phase.equals("inserts")) {
                queries(port, words, url, dialect, phase);
            }
            if (!List.of("query", "search", "ranked").contains(phase)) {
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
            if (dialect == Engine.SQLITE) {
                try (Statement statement = connection.createStatement();
                        ResultSet size = statement.executeQuery("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")) {
                    size.next();
                    System.out.printf("database file %,d MB%n", size.getLong(1) >> 20);
                }
            }
        }
    }

    /**
     * The search index of the rows already loaded, in chunks of 20,000 rows each committed, for
     * at most 8 minutes: run it again until it says it is done. On a busy 2-core machine the
     * single statement that search-index runs took more than 10 minutes for 1,000,000 rows of
     * 220 words. The result is the same index (SQLite: the FTS5 table and triggers; PostgreSQL:
     * the generated tsvector column, which needs one ALTER TABLE, then the GIN index).
     */
    private static void index(String url, Engine dialect) throws Exception {
        long deadline = System.nanoTime() + 480_000_000_000L;
        String name = SearchIndexes.name(dialect, "doc", List.of("title", "body"));
        try (Connection connection = DriverManager.getConnection(url)) {
            if (dialect == Engine.POSTGRES) {
                long start = System.nanoTime();
                run(connection, List.of("VACUUM ANALYZE doc")); // the index was made before the rows
                System.out.printf("VACUUM ANALYZE in %.1f s%n", seconds(start));
                return;
            }
            List<String> statements = SearchIndexes.create(dialect, "doc", List.of("title", "body"));
            boolean exists;
            try (Statement statement = connection.createStatement();
                    ResultSet found = statement.executeQuery(
                            "SELECT count(*) FROM sqlite_master WHERE name = '" + name + "'")) {
                found.next();
                exists = found.getInt(1) > 0;
            }
            if (!exists) {
                run(connection, statements.subList(0, statements.size() - 1)); // all but 'rebuild'
            }
            long done = 0;
            long start = System.nanoTime();
            while (System.nanoTime() < deadline) {
                try (Statement statement = connection.createStatement()) {
                    // changes() also counts FTS5's own rows: count the rows of doc from the inserted ones.
                    int added = statement.executeUpdate("INSERT INTO \"" + name + "\" (rowid, title, body)"
                            + " SELECT rowid, title, body FROM doc WHERE rowid > (SELECT coalesce(max(id), 0) FROM \""
                            + name + "_docsize\") ORDER BY rowid LIMIT 20000");
                    done += added == 0 ? 0 : 20_000;
                    if (added == 0) {
                        System.out.printf("search index complete (this run: %,d rows in %.1f s)%n", done, seconds(start));
                        return;
                    }
                }
            }
            System.out.printf("indexed about %,d more rows in %.1f s; run the index phase again%n", done, seconds(start));
        }
    }

    /** @param phase query: every column; search: not the slow ones (every match ranked, LIKE count); ranked: the search only */
    private static void queries(int port, String[] words, String url, Engine dialect, String phase)
            throws Exception {
        boolean full = phase.equals("query") || phase.equals("all");
        System.out.println();
        System.out.println("rows in doc: " + count(port, "{\"limit\": 0, \"count\": true}"));
        // the third and fourth: between common and medium, where PostgreSQL's planner weighs a scan
        // against its GIN index; the seventh: a rare word with a very common one (more matches than
        // the rank's candidate bound); the eighth: a rare pair with a very common word, fewer matches
        // than the bound, so that they are ranked exactly (SQLite's bm25 then reads the common
        // word's whole posting list)
        int[][] pairs = {
            {3, 8}, {30, 60}, {60, 120}, {100, 200}, {300, 600}, {3000, 6000}, {3, 3000}, {3, 3000, 6000}
        };
        String[] names = {"very common", "common", "fairly common", "less common", "medium", "rare",
            "rare with a very common word", "rare pair with a very common word"};
        String[] searches = new String[pairs.length];
        String[] terms = new String[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            StringBuilder query = new StringBuilder();
            StringBuilder named = new StringBuilder();
            for (int rank : pairs[i]) {
                query.append(query.length() == 0 ? "" : " ").append(words[rank]);
                named.append(named.length() == 0 ? "" : ", ").append(words[rank]).append(" (").append(rank).append(')');
            }
            terms[i] = named.toString();
            searches[i] = "{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"" + query
                    + "\"}}, \"orderby\": \"_rank desc\", \"limit\": 20, \"select\": [\"id\", \"title\"]}";
        }
        // Cold: each search timed as the server starts (WARMUP then RUNS requests a search, the JIT
        // still compiling: a by-id read takes 4 to 9 ms then, 0.6 ms once warm).
        double[][] cold = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            cold[i] = time(port, searches[i], RUNS);
        }
        // Warm: every search in turn for WARM_UP_NANOS, none timed; then each search WARM_WARMUP
        // times untimed and WARM_RUNS times timed.
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; System.nanoTime() < warmUntil; i++) {
            fetch(port, searches[i % searches.length]);
        }
        System.out.println("| pair | words (frequency rank) | rows matched | search _rank desc limit 20, warm server, p50 / p90 ms"
                + " | the same, cold server, p50 / p90 ms | every match ranked (SQL) p50 / p90 ms"
                + " | LIKE limit 20 p50 / p90 ms | LIKE count p50 ms |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < pairs.length; i++) {
            String first = words[pairs[i][0]];
            String second = words[pairs[i][1]];
            String like = "{\"where\": {\"and\": [" + likeBoth(first) + ", " + likeBoth(second)
                    + "]}, \"limit\": 20, \"select\": [\"id\", \"title\"]}";
            String likeCount = "{\"where\": {\"and\": [" + likeBoth(first) + ", " + likeBoth(second)
                    + "]}, \"limit\": 0, \"count\": true}";
            String matched = count(port, searches[i].replace("\"orderby\": \"_rank desc\", \"limit\": 20, \"select\": [\"id\", \"title\"]",
                    "\"limit\": 0, \"count\": true"));
            double[] warm = time(port, searches[i], WARM_WARMUP, WARM_RUNS);
            boolean pair = pairs[i].length == 2;
            double[] exactMs = full && pair ? exact(url, dialect, first, second, 10) : new double[] {Double.NaN, Double.NaN};
            double[] likeMs = phase.equals("ranked") || !pair ? new double[] {Double.NaN, Double.NaN} : time(port, like, 7);
            double[] countMs = {Double.NaN, Double.NaN};
            try {
                countMs = full && pair ? time(port, likeCount, 2) : countMs;
            } catch (IllegalStateException timeout) { // the 10 s statement timeout: a 503
                countMs = new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            }
            System.out.printf("| %s | %s | %s | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.0f |%n",
                    names[i], terms[i], matched, warm[0], warm[1], cold[i][0], cold[i][1], exactMs[0],
                    exactMs[1], likeMs[0], likeMs[1], countMs[0]);
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

    /**
     * The ranked search as Tiddly wrote it before candidates were bounded: every match scored,
     * straight through JDBC (no HTTP), p50 and p90 in ms.
     */
    private static double[] exact(String url, Engine dialect, String first, String second, int runs) throws Exception {
        String index = SearchIndexes.name(dialect, "doc", List.of("title", "body"));
        String sql = dialect == Engine.SQLITE
                ? "SELECT d.id, d.title, s._rank FROM doc d JOIN (SELECT rowid AS _sr, -rank AS _rank FROM \"" + index
                        + "\" WHERE \"" + index + "\" MATCH ? ORDER BY rank, rowid DESC LIMIT 21) s ON s._sr = d.rowid"
                        + " ORDER BY s._rank DESC, d.id DESC LIMIT 21"
                : "SELECT id, title, ts_rank(\"" + index + "\", to_tsquery('simple', ?)) AS r FROM doc WHERE \"" + index
                        + "\" @@ to_tsquery('simple', ?) ORDER BY r DESC, id DESC LIMIT 21";
        String query = dialect == Engine.SQLITE ? first + " " + second : first + " & " + second;
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, query);
            if (dialect != Engine.SQLITE) {
                statement.setString(2, query);
            }
            double[] ms = new double[runs];
            for (int i = -Math.min(WARMUP, runs); i < runs; i++) {
                long start = System.nanoTime();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        rows.getString(2);
                    }
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            Arrays.sort(ms);
            return new double[] {ms[runs / 2], ms[runs * 9 / 10]};
        }
    }

    private static String likeBoth(String word) {
        return "{\"or\": [{\"title\": {\"like\": \"%" + word + "%\"}}, {\"body\": {\"like\": \"%" + word + "%\"}}]}";
    }

    /** Words named by their frequency rank: {@code prefix + rank}. */
    private static String[] numbered(String prefix) {
        String[] words = new String[VOCABULARY];
        for (int i = 0; i < VOCABULARY; i++) {
            words[i] = prefix + i;
        }
        return words;
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

    /**
     * Rows 1 to {@code rows}, resumed after the last one stored (the same rows: the draws of the
     * stored ones are made again and dropped), for at most 8 minutes a run. PostgreSQL's search
     * index is made first, on the empty table, so that it grows with the rows: one ALTER TABLE
     * over 1,000,000 stored rows took more than the 10 minutes a run may take.
     */
    private static void load(Connection connection, Engine engine, int rows, String[] words) throws Exception {
        long deadline = System.nanoTime() + 480_000_000_000L;
        run(connection, List.of("CREATE TABLE IF NOT EXISTS doc (id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
                + " body TEXT NOT NULL)"));
        if (engine == Engine.SQLITE) {
            run(connection, List.of("PRAGMA journal_mode = WAL", "PRAGMA synchronous = OFF"));
        }
        long stored;
        try (Statement statement = connection.createStatement();
                ResultSet last = statement.executeQuery("SELECT coalesce(max(id), 0) FROM doc")) {
            last.next();
            stored = last.getLong(1);
        }
        if (engine == Engine.POSTGRES && stored == 0) {
            run(connection, SearchIndexes.create(engine, "doc", List.of("title", "body")));
        }
        double[] cumulative = zipf();
        Random random = new Random(42);
        for (long id = 1; id <= stored; id++) {
            text(random, cumulative, words, TITLE_WORDS);
            text(random, cumulative, words, BODY_WORDS);
        }
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO doc (id, title, body) VALUES (?, ?, ?)")) {
            for (long id = stored + 1; id <= rows; id++) {
                insert.setLong(1, id);
                insert.setString(2, text(random, cumulative, words, TITLE_WORDS));
                insert.setString(3, text(random, cumulative, words, BODY_WORDS));
                insert.addBatch();
                if (id % 10_000 == 0) {
                    insert.executeBatch();
                    connection.commit();
                    if (System.nanoTime() > deadline) {
                        System.out.printf("stored rows up to %,d; run the load phase again%n", id);
                        break;
                    }
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

    /** p50 and p90 in ms, after up to WARMUP requests untimed. */
    private static double[] time(int port, String body, int runs) throws Exception {
        return time(port, body, Math.min(WARMUP, runs), runs);
    }

    /** p50 and p90 in ms of {@code runs} requests, after {@code warmup} requests untimed. */
    private static double[] time(int port, String body, int warmup, int runs) throws Exception {
        for (int i = 0; i < warmup; i++) {
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
