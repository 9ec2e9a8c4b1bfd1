package tiddly.http;

/**
 * What a request path is, for metrics: a bounded set of labels, whatever clients send. Read from
 * the raw path without allocating.
 */
enum RouteKind {
    TABLE("table"),
    ROW("row"),
    BATCH("batch"),
    LOGIN("login"),
    INFO("info"),
    SCHEMA("schema"),
    HEALTH("health"),
    READY("ready"),
    METRICS("metrics"),
    ADMIN("admin"),
    OTHER("other");

    private final String label;

    RouteKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** {@code /t} and {@code /t/_query}: table; {@code /t/k}: row; {@code /_…}: the reserved route. */
    static RouteKind of(String uri) {
        if (uri == null || uri.length() < 2 || uri.charAt(0) != '/') {
            return OTHER;
        }
        if (uri.charAt(1) == '_') {
            return reserved(uri);
        }
        int slash = uri.indexOf('/', 1);
        if (slash < 0) {
            return TABLE;
        }
        if (slash == uri.length() - 1 || uri.indexOf('/', slash + 1) >= 0) {
            return OTHER;
        }
        return uri.startsWith("_query", slash + 1) && uri.length() == slash + 7 ? TABLE : ROW;
    }

    private static RouteKind reserved(String uri) {
        return switch (uri) {
            case "/_info" -> INFO;
            case "/_schema" -> SCHEMA;
            case "/_batch" -> BATCH;
            case "/_login" -> LOGIN;
            case "/_health" -> HEALTH;
            case "/_ready" -> READY;
            case "/_metrics" -> METRICS;
            case "/_schema/reload", "/_backup", "/_slow_queries" -> ADMIN;
            default -> OTHER;
        };
    }
}
