package stick;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.RouteImpl;
import spark.Service;
import spark.route.HttpMethod;

/**
 * The measuring stick: the least code that answers workloads A (one item by id) and B (a
 * category's 20 dearest items) over HTTP with the same web server (Spark on Jetty), the same
 * driver (sqlite-jdbc) and the same envelope as Tiddly, and no Tiddly code. Tiddly's throughput
 * is reported as a ratio to this program's.
 *
 * <p>{@code FETCH /item} with {@code {"where":{"id":N}}} answers {@code {"status":"success",
 * "data":[row]}}; with {@code {"where":{"category":"cNN"},"orderby":"price desc","limit":20}}
 * the 20 rows; {@code GET /item/N} answers {@code {"status":"success","data":row}}. One
 * connection and one prepared statement per query per server thread.
 *
 * <p>Usage: {@code java -jar bench/target/stick.jar --db FILE [--port N] [--host ADDRESS]};
 * port 0 picks a free port. Prints {@code stick serves FILE at http://HOST:PORT} once serving.
 */
public final class Stick {
    private static final String COLUMNS = "SELECT id, name, price, category, created_at FROM item";
    private static final String BY_ID = COLUMNS + " WHERE id = ?";
    private static final String BY_CATEGORY = COLUMNS + " WHERE category = ? ORDER BY price DESC LIMIT 20";
    private static final Pattern WHERE_ID = Pattern.compile("\"where\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*(-?\\d+)\\s*}");
    private static final Pattern CATEGORY_PAGE = Pattern.compile(
            "\"where\"\\s*:\\s*\\{\\s*\"category\"\\s*:\\s*\"(c\\d\\d)\"\\s*}\\s*,"
                    + "\\s*\"orderby\"\\s*:\\s*\"price desc\"\\s*,\\s*\"limit\"\\s*:\\s*20\\s*}");
    private static final String JSON = "application/json;charset=utf-8";

    private final String url;
    private final ThreadLocal<Connection> connections = ThreadLocal.withInitial(this::connect);
    private final ThreadLocal<PreparedStatement> byId = ThreadLocal.withInitial(() -> prepare(BY_ID));
    private final ThreadLocal<PreparedStatement> byCategory = ThreadLocal.withInitial(() -> prepare(BY_CATEGORY));

    private Stick(String file) {
        this.url = "jdbc:sqlite:" + file;
    }

    public static void main(String[] args) {
        String db = null;
        String host = "127.0.0.1";
        int port = 4568;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--db" -> db = args[i + 1];
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (db == null) {
            System.err.println("usage: java -jar stick.jar --db FILE [--port N] [--host ADDRESS]");
            System.exit(2);
        }
        Stick stick = new Stick(db);
        Service http = Service.ignite();
        http.ipAddress(host).port(port);
        http.threadPool(400, 8, 60_000); // Tiddly's pool
        http.get("/item/:id", stick::get);
        http.addRoute(HttpMethod.unsupported, RouteImpl.create("/item", (Route) stick::fetch)); // FETCH
        http.notFound((request, response) -> error(response, 404, "no route"));
        http.init();
        http.awaitInitialization();
        System.out.println("stick serves " + db + " at http://" + host + ":" + http.port());
    }

    private Object get(Request request, Response response) throws SQLException {
        long id;
        try {
            id = Long.parseLong(request.params("id"));
        } catch (NumberFormatException e) {
            return error(response, 400, "id is not an integer");
        }
        String row = row(id);
        if (row == null) {
            return error(response, 404, "no such row");
        }
        response.type(JSON);
        return "{\"status\":\"success\",\"data\":" + row + "}";
    }

    private Object fetch(Request request, Response response) throws SQLException {
        if (!request.requestMethod().equals("FETCH")) {
            return error(response, 405, "only FETCH");
        }
        String body = request.body();
        Matcher where = WHERE_ID.matcher(body);
        Matcher page = CATEGORY_PAGE.matcher(body);
        StringJoiner rows = new StringJoiner(",", "{\"status\":\"success\",\"data\":[", "]}");
        if (where.find()) {
            String row = row(Long.parseLong(where.group(1)));
            if (row != null) {
                rows.add(row);
            }
        } else if (page.find()) {
            PreparedStatement statement = byCategory.get();
            statement.setString(1, page.group(1));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(json(result));
                }
            }
        } else {
            return error(response, 400, "the stick reads only workloads A and B");
        }
        response.type(JSON);
        return rows.toString();
    }

    /** The row as a JSON object, or null when there is none. */
    private String row(long id) throws SQLException {
        PreparedStatement statement = byId.get();
        statement.setLong(1, id);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? json(rows) : null;
        }
    }

    private static String json(ResultSet rows) throws SQLException {
        StringBuilder json = new StringBuilder(128).append("{\"id\":").append(rows.getLong(1));
        json.append(",\"name\":");
        string(json, rows.getString(2));
        double price = rows.getDouble(3);
        json.append(",\"price\":").append(rows.wasNull() ? "null" : Double.toString(price));
        json.append(",\"category\":");
        string(json, rows.getString(4));
        json.append(",\"created_at\":");
        string(json, rows.getString(5));
        return json.append('}').toString();
    }

    private static void string(StringBuilder json, String text) {
        if (text == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }

    private static String error(Response response, int status, String message) {
        response.status(status);
        response.type(JSON);
        return "{\"status\":\"error\",\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    /** This thread's connection, opened as Tiddly opens its own (WAL, synchronous NORMAL, busy timeout, cache, mmap). */
    private Connection connect() {
        try {
            Properties properties = new Properties();
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("synchronous", "NORMAL");
            properties.setProperty("busy_timeout", "5000");
            properties.setProperty("cache_size", "-8192"); // Tiddly's page cache and memory map
            properties.setProperty("mmap_size", Long.toString(256L << 20));
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(String sql) {
        try {
            return connections.get().prepareStatement(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare " + sql + ": " + e.getMessage(), e);
        }
    }
}
