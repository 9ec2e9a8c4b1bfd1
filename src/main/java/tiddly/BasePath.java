package tiddly;

import java.util.regex.Pattern;

/** The prefix every route is served under: "" (the root) or segments like {@code /api/v1}. */
final class BasePath {
    private static final Pattern VALID = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    private BasePath() {}

    /** "/api/" and "api" become "/api"; "/" becomes "". */
    static String normalized(String given) {
        String path = given.strip();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            path = "/" + path;
        }
        if (!VALID.matcher(path).matches() || path.contains("/_") || path.matches(".*/\\.{1,2}(/.*)?")) {
            throw new IllegalArgumentException("the base path '" + given
                    + "' must be segments of letters, digits, '.', '-', '_' or '~', like /api, none starting with _");
        }
        return path;
    }
}
