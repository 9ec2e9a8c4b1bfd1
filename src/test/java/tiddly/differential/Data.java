package tiddly.differential;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import tiddly.testing.TestDatabase;

/** The generated table {@code g} (one column per common type) and its children {@code h}, with awkward values. */
final class Data {
    static final List<String> TEXTS = List.of(
            "",
            "a",
            "A",
            "ab",
            "aB",
            "Ab",
            "b",
            "é",
            "É",
            "e",
            "Zoë",
            "zoë",
            "İstanbul",
            "istanbul",
            "a%b",
            "a_b",
            "a\\b",
            " ",
            "z",
            "日本",
            "ß",
            "SS",
            "ñ",
            "Ñ",
            "Σίσυφος");
    static final List<String> BIG = List.of(
            "0",
            "1",
            "-1",
            "42",
            "2147483647",
            "-2147483648",
            "9007199254740993",
            "9223372036854775807",
            "-9223372036854775808");
    static final List<String> SMALL = List.of("0", "1", "2", "3", "5", "8", "13", "21", "-4", "42", "45");
    static final List<String> REALS = List.of("0.0", "1.5", "-2.25", "0.1", "1e300", "3.0", "-0.5");
    static final List<String> DECIMALS = List.of("0", "1.5", "0.125", "12345.678", "-3.250", "2", "0.1");
    static final List<String> DATES = List.of("2000-01-01", "1999-12-31", "2024-02-29", "2000-01-02", "1970-01-01");
    /** Rows up to this id have children, so the cursor walks delete only rows above it. */
    static final int PARENTS = 20;

    private Data() {}

    static List<String> tables(TestDatabase database) {
        return database.pick(
                List.of(
                        "CREATE TABLE g (id INTEGER PRIMARY KEY, t TEXT, n BIGINT, m INTEGER, r REAL,"
                                + " x DECIMAL(12, 3), b BOOLEAN, d DATE)",
                        "CREATE TABLE h (id INTEGER PRIMARY KEY, g_id INTEGER REFERENCES g(id), v TEXT)"),
                List.of(
                        "CREATE TABLE g (id integer PRIMARY KEY, t text, n bigint, m integer, r double precision,"
                                + " x numeric(12, 3), b boolean, d date)",
                        "CREATE TABLE h (id integer PRIMARY KEY, g_id integer REFERENCES g(id), v text)"),
                List.of(
                        "CREATE TABLE g (id INT PRIMARY KEY, t VARCHAR(100), n BIGINT, m INT, r DOUBLE,"
                                + " x DECIMAL(12, 3), b BOOLEAN, d DATE)",
                        "CREATE TABLE h (id INT PRIMARY KEY, g_id INT, v VARCHAR(100),"
                                + " FOREIGN KEY (g_id) REFERENCES g(id))"));
    }

    static List<JsonObject> rows(Random random, int count) {
        List<JsonObject> rows = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            JsonObject row = new JsonObject();
            row.addProperty("id", id);
            row.add("t", maybe(random, new JsonPrimitive(pick(random, TEXTS))));
            row.add("n", maybe(random, number(pick(random, BIG))));
            row.add("m", maybe(random, number(pick(random, SMALL))));
            row.add("r", maybe(random, number(pick(random, REALS))));
            row.add("x", maybe(random, number(pick(random, DECIMALS))));
            row.add("b", maybe(random, new JsonPrimitive(random.nextBoolean())));
            row.add("d", maybe(random, new JsonPrimitive(pick(random, DATES))));
            rows.add(row);
        }
        return rows;
    }

    /** Two or three children for half the parents, with text of their own. */
    static JsonArray children(List<JsonObject> rows) {
        Random random = new Random(rows.size());
        JsonArray children = new JsonArray();
        int id = 100;
        for (int parent = 1; parent <= PARENTS; parent += 2) {
            for (int i = 0; i < 2 + random.nextInt(2); i++) {
                JsonObject child = new JsonObject();
                child.addProperty("id", id++);
                child.addProperty("g_id", parent);
                child.add("v", maybe(random, new JsonPrimitive(pick(random, TEXTS))));
                children.add(child);
            }
        }
        return children;
    }

    /** A row of {@code ids} without children not yet deleted, or 0. */
    static long childless(Random random, Set<Long> ids, Set<Long> gone) {
        List<Long> candidates = ids.stream()
                .filter(id -> id > PARENTS && id < 1000 && !gone.contains(id))
                .sorted()
                .toList();
        return candidates.isEmpty() ? 0 : candidates.get(random.nextInt(candidates.size()));
    }

    static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    static JsonPrimitive number(String text) {
        return new JsonPrimitive(new BigDecimal(text));
    }

    private static JsonElement maybe(Random random, JsonElement value) {
        return random.nextInt(6) == 0 ? JsonNull.INSTANCE : value;
    }
}
