import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cursor paging and streaming against a running Tiddly over a 1,000,000-row item table.
 * Usage: java bench/java/PagingBench.java PORT
 * Prints the mean latency of page 1 and of page 10,000 (reached by following "next"), for two
 * orders, and the ratio; then streams all rows in one FETCH and reports rows, bytes and seconds.
 */
public class PagingBench {
    private static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]+)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int PAGE = 100;
    private static final int TARGET_PAGE = 10_000;
    private static final int REPEATS = 200;

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0] + "/item";
        for (String order : new String[] {"id", "price desc"}) {
            String body = "{\"orderby\": \"" + order + "\", \"limit\": " + PAGE;
            String cursor = null;
            for (int page = 1; page < TARGET_PAGE; page++) {
                cursor = next(fetch(base, body + (cursor == null ? "" : ", \"cursor\": \"" + cursor + "\"") + "}"));
            }
            String first = body + "}";
            String deep = body + ", \"cursor\": \"" + cursor + "\"}";
            double firstMs = mean(base, first);
            double deepMs = mean(base, deep);
            double offsetMs = mean(base, body + ", \"offset\": " + (long) PAGE * (TARGET_PAGE - 1) + "}");
            System.out.printf("cursor paging, orderby %-10s page 1: %.3f ms, page %d: %.3f ms, ratio %.2f"
                    + " (offset paging to the same page: %.3f ms, ratio %.1f)%n",
                    order, firstMs, TARGET_PAGE, deepMs, deepMs / firstMs, offsetMs, offsetMs / firstMs);
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> all = CLIENT.send(request(base, "{\"limit\": 1000000, \"orderby\": \"id\"}"),
                HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long rows = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = all.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '{') {
                        rows++;
                    }
                }
            }
        }
        System.out.printf("streaming: status %d, %d rows, %.1f MB in %.2f s%n",
                all.statusCode(), rows - 1, bytes / 1e6, (System.nanoTime() - start) / 1e9);
    }

    private static double mean(String base, String body) throws Exception {
        for (int i = 0; i < 20; i++) {
            fetch(base, body); // warm-up
        }
        long start = System.nanoTime();
        for (int i = 0; i < REPEATS; i++) {
            fetch(base, body);
        }
        return (System.nanoTime() - start) / 1e6 / REPEATS;
    }

    private static String fetch(String base, String body) throws Exception {
        HttpResponse<String> response = CLIENT.send(request(base, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static HttpRequest request(String base, String body) {
        return HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "application/json")
                .method("FETCH", HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String next(String page) {
        Matcher matcher = NEXT.matcher(page);
        if (!matcher.find()) {
            throw new IllegalStateException("no next cursor in " + page.substring(0, Math.min(200, page.length())));
        }
        return matcher.group(1);
    }
}
