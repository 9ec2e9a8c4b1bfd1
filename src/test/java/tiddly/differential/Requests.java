package tiddly.differential;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Generated FETCH bodies for {@code g} over the query language. */
final class Requests {
    static final List<String> COLUMNS = List.of("t", "n", "m", "r", "x", "b", "d");
    private static final List<String> PATTERNS = List.of(
            "a%",
            "%b", "_", "%", "A%", "é%", "É", "i%", "İ%", "a\\%", "%\\%", "a_b", "%%", "", "ss", "ß", "σ%", "4_", "%1",
            "-%", "2000-%", "%-29", "1_");
    private static final List<String> FUNCTIONS = List.of("count", "sum", "avg", "min", "max");

    /** A request: its body, and its where when the oracle can check the rows it selects. */
    record Request(String body, Optional<JsonObject> where) {}

    private final Random random;

    Requests(Random random) {
        this.random = random;
    }

    Request next() {
        JsonObject body = new JsonObject();
        int kind = random.nextInt(10);
        if (kind < 5) { // rows, every matching one: the oracle checks them
            JsonObject where = where(0);
            body.add("where", where);
            body.addProperty("orderby", order(random) + ", id");
            body.addProperty("limit", 1000);
            return new Request(body.toString(), Optional.of(where));
        }
        if (random.nextBoolean()) {
            body.add("where", where(1));
        }
        switch (kind) {
            case 5 -> { // a page of some columns
                JsonArray select = new JsonArray();
                select.add("id");
                COLUMNS.stream().filter(column -> random.nextBoolean()).forEach(select::add);
                body.add("select", select);
                body.addProperty("orderby", order(random) + ", id");
                body.addProperty("limit", 1 + random.nextInt(10));
                body.addProperty("offset", random.nextInt(10));
                body.addProperty("count", random.nextBoolean());
            }
            case 6, 7 -> aggregates(body);
            case 8 -> { // distinct values of one column
                String column = Data.pick(random, COLUMNS);
                JsonArray select = new JsonArray();
                select.add(column);
                body.add("select", select);
                body.addProperty("distinct", true);
                body.addProperty("orderby", column + (random.nextBoolean() ? " desc" : "") + nulls());
            }
            default -> { // embedded children
                JsonObject embed = new JsonObject();
                JsonObject children = new JsonObject();
                children.addProperty("orderby", "id");
                if (random.nextBoolean()) {
                    children.add("where", leaf("v"));
                }
                embed.add("h", children);
                body.add("embed", embed);
                body.addProperty("orderby", "id");
                body.addProperty("limit", 1 + random.nextInt(25));
            }
        }
        return new Request(body.toString(), Optional.empty());
    }

    private void aggregates(JsonObject body) {
        JsonArray select = new JsonArray();
        String group = random.nextBoolean() ? Data.pick(random, List.of("b", "m", "d", "t")) : null;
        if (group != null) {
            select.add(group);
            body.addProperty("groupby", group);
        }
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            String function = Data.pick(random, FUNCTIONS);
            // sum(n) is left out: SQLite's integers overflow where the servers' sums do not (databases.md)
            List<String> columns = function.equals("sum") || function.equals("avg")
                    ? List.of("m", "r", "x", "b")
                    : function.equals("count") ? List.of("*", "t", "n", "b") : COLUMNS;
            JsonObject aggregate = new JsonObject();
            aggregate.addProperty(function, Data.pick(random, columns));
            aggregate.addProperty("as", "a" + i);
            aliases.add("a" + i);
            select.add(aggregate);
        }
        body.add("select", select);
        if (group != null && random.nextBoolean()) {
            JsonObject having = new JsonObject();
            JsonObject condition = new JsonObject();
            condition.addProperty(random.nextBoolean() ? "gte" : "lt", random.nextInt(4));
            having.add(aliases.get(0), condition);
            if (select.get(1).getAsJsonObject().has("count")) {
                body.add("having", having);
            }
        }
        if (group != null) {
            String alias = Data.pick(random, aliases);
            body.addProperty("orderby", alias + (random.nextBoolean() ? " desc" : "") + nulls() + ", " + group);
        }
    }

    /** One or two order terms over the columns, each asc or desc, with or without nulls first or last. */
    static String order(Random random) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(2); i++) {
            String column = Data.pick(random, COLUMNS);
            String nulls = switch (random.nextInt(3)) {
                case 0 -> " nulls first";
                case 1 -> " nulls last";
                default -> "";
            };
            terms.add(column + (random.nextBoolean() ? " desc" : " asc") + nulls);
        }
        return String.join(", ", terms);
    }

    private String nulls() {
        return switch (random.nextInt(3)) {
            case 0 -> " nulls first";
            case 1 -> " nulls last";
            default -> "";
        };
    }

    private JsonObject where(int depth) {
        int choice = depth > 2 ? 9 : random.nextInt(12);
        JsonObject where = new JsonObject();
        switch (choice) {
            case 0, 1 -> {
                JsonArray parts = new JsonArray();
                for (int i = 0; i < 1 + random.nextInt(3); i++) {
                    parts.add(where(depth + 1));
                }
                where.add(choice == 0 ? "and" : "or", parts);
            }
            case 2 -> where.add("not", where(depth + 1));
            case 3 -> {
                JsonObject has = new JsonObject();
                has.add("has", random.nextBoolean() ? new JsonObject() : leaf("v"));
                where.add("h", has);
            }
            default -> {
                return leaf(Data.pick(random, COLUMNS));
            }
        }
        return where;
    }

    /** One condition on {@code column}, typed by the column (v is h's text). */
    private JsonObject leaf(String column) {
        JsonObject leaf = new JsonObject();
        JsonObject operator = new JsonObject();
        int choice = random.nextInt(10);
        if (choice == 0) {
            if (column.equals("b") && random.nextBoolean()) {
                operator.addProperty("is", random.nextBoolean());
            } else {
                operator.add("is", com.google.gson.JsonNull.INSTANCE);
            }
        } else if (choice <= 2 && List.of("t", "v", "m", "n", "d").contains(column)) {
            operator.addProperty(random.nextBoolean() ? "like" : "ilike", Data.pick(random, PATTERNS));
        } else if (choice == 3) {
            JsonArray values = new JsonArray();
            for (int i = 0; i < random.nextInt(4); i++) {
                values.add(value(column));
            }
            operator.add(random.nextBoolean() ? "in" : "nin", values);
        } else if (choice == 4) {
            leaf.add(column, value(column));
            return leaf;
        } else {
            String name = Data.pick(random, List.of("eq", "ne", "gt", "gte", "lt", "lte"));
            operator.add(name, value(column));
            if (random.nextInt(4) == 0) {
                operator.add(Data.pick(random, List.of("gt", "lt", "ne")), value(column));
            }
        }
        leaf.add(column, operator);
        return leaf;
    }

    private JsonElement value(String column) {
        return switch (column) {
            case "t", "v" -> new JsonPrimitive(Data.pick(random, Data.TEXTS));
            case "n" -> Data.number(Data.pick(random, Data.BIG));
            case "m" -> Data.number(Data.pick(random, Data.SMALL));
            case "r" -> Data.number(Data.pick(random, Data.REALS));
            case "x" -> Data.number(Data.pick(random, Data.DECIMALS));
            case "b" -> new JsonPrimitive(random.nextBoolean());
            default -> new JsonPrimitive(Data.pick(random, Data.DATES));
        };
    }
}
