package tiddly.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generated malformed, oversized and ill-typed requests: verb, path and body (or none). */
final class HostileInput {
    /** One request; {@code write} when a refusal must leave the table as it was. */
    record Request(String verb, String path, String body, String contentType, boolean write) {}

    private static final List<String> VALUES = List.of(
            "1e999999",
            "-1e999999",
            "9223372036854775808",
            "-9223372036854775809",
            "18446744073709551616",
            "1e-400",
            "0.1e1",
            "-0",
            "\"\"",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "null",
            "true",
            "[]",
            "{}",
            "[1,[2]]",
            "\"2024-02-30\"",
            "\"9999-99-99\"",
            "\"" + "x".repeat(70_000) + "\"",
            "12345678901234567890.12345678901",
            "\"İ\"",
            "\"%\"",
            "\"\\\\\"",
            "NaN",
            "Infinity",
            "0x10",
            "1.",
            ".5",
            "+1");
    private static final List<String> NAMES = List.of(
            "id",
            "t",
            "T",
            "",
            " ",
            "id\"; DROP TABLE g; --",
            "`id`",
            "x".repeat(5000),
            "ü",
            "and",
            "or",
            "not",
            "has",
            "_etag",
            "rowid",
            "oid",
            "g.id",
            "*",
            "null",
            "h",
            "search");
    private static final List<String> OPERATORS = List.of(
            "eq",
            "ne",
            "gt",
            "lt",
            "in",
            "nin",
            "like",
            "ilike",
            "is",
            "has",
            "search",
            "contains",
            "between",
            "path",
            "EQ",
            "");

    private final Random random;

    HostileInput(Random random) {
        this.random = random;
    }

    Request next() {
        int kind = random.nextInt(12);
        String value = Data.pick(random, VALUES);
        String name = quoted(Data.pick(random, NAMES));
        String operator = quoted(Data.pick(random, OPERATORS));
        return switch (kind) {
            case 0 -> fetch("{\"where\": {" + name + ": {" + operator + ": " + value + "}}}");
            case 1 -> fetch("{\"where\": " + nested(random.nextInt(3) == 0 ? 5000 : 1 + random.nextInt(40)) + "}");
            case 2 -> fetch("{\"limit\": " + value + ", \"offset\": " + Data.pick(random, VALUES) + "}");
            case 3 ->
                fetch("{\"orderby\": "
                        + Data.pick(
                                random,
                                List.of(value, name, "\"t desc nulls sideways\"", "\"id, id\"", "[" + name + "]"))
                        + "}");
            case 4 ->
                fetch("{\"select\": [" + name + ", {"
                        + quoted(Data.pick(random, List.of("sum", "avg", "max", "count", "median"))) + ": " + name
                        + "}], \"groupby\": " + name + "}");
            case 5 -> fetch(truncated("{\"where\": {\"t\": {\"like\": \"a%\"}}, \"orderby\": \"id\"}"));
            case 6 -> new Request("POST", "/g", "{\"id\": 999, " + name + ": " + value + "}", json(), true);
            case 7 ->
                new Request(
                        "PATCH",
                        "/g",
                        "{\"where\": {" + name + ": " + value + "}, \"set\": {\"t\": " + value + "}}",
                        json(),
                        true);
            case 8 ->
                new Request(
                        "DELETE", "/g", "{\"where\": {" + name + ": {" + operator + ": " + value + "}}}", json(), true);
            case 9 ->
                new Request(
                        "GET",
                        "/g?"
                                + Data.pick(
                                        random,
                                        List.of(
                                                "limit=abc",
                                                "t[like]=%25",
                                                "id[in]=",
                                                "orderby=%3Bdrop",
                                                "n=9223372036854775808",
                                                "b=yes",
                                                "d=2024-13-01",
                                                "select=id,,",
                                                "t[between]=1",
                                                "x=1e999999",
                                                "%ZZ=1")),
                        null,
                        json(),
                        false);
            case 10 ->
                new Request(
                        "FETCH",
                        "/g",
                        "{\"where\": {\"id\": 1}}",
                        Data.pick(
                                random,
                                List.of("text/plain", "application/json; charset=latin1", "application/xml", "")),
                        false);
            default -> fetch("[" + "{\"a\": 1},".repeat(random.nextInt(20_000)) + "1]");
        };
    }

    private Request fetch(String body) {
        return new Request("FETCH", "/g", body, json(), false);
    }

    private static String json() {
        return "application/json; charset=utf-8";
    }

    private String nested(int depth) {
        StringBuilder where = new StringBuilder();
        List<String> closes = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            String key = Data.pick(random, List.of("not", "and", "or", "h"));
            switch (key) {
                case "not" -> {
                    where.append("{\"not\": ");
                    closes.add("}");
                }
                case "h" -> {
                    where.append("{\"h\": {\"has\": ");
                    closes.add("}}");
                }
                default -> {
                    where.append("{\"").append(key).append("\": [");
                    closes.add("]}");
                }
            }
        }
        where.append("{\"id\": 1}");
        for (int i = closes.size() - 1; i >= 0; i--) {
            where.append(closes.get(i));
        }
        return where.toString();
    }

    private String truncated(String body) {
        return body.substring(0, random.nextInt(body.length()));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
