package tiddly.request;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tiddly.TiddlyException;

/**
 * A 400: the request is malformed or names something the schema does not have. The code says
 * which rule it broke (see docs/errors.md); the factories below are the only way to make one, so
 * the codes stay a closed set.
 */
public final class BadRequestException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> details;

    private BadRequestException(String code, String message, Map<String, String> details) {
        super(400, code, message);
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    @Override
    public Map<String, String> details() {
        return details;
    }

    static BadRequestException invalidJson(String message) {
        return new BadRequestException("invalid_json", message, Map.of());
    }

    static BadRequestException invalidBody(String message) {
        return new BadRequestException("invalid_body", message, Map.of());
    }

    static BadRequestException unknownColumn(String column, String table, String where) {
        return unknownColumn(column, table, where, "");
    }

    /** With a hint after the usual message, such as what a misspelled keyword should have been. */
    static BadRequestException unknownColumn(String column, String table, String where, String hint) {
        return new BadRequestException(
                "unknown_column",
                "unknown column '" + column + "' in " + where + " of table '" + table + "'" + hint,
                Map.of());
    }

    static BadRequestException hiddenColumn(String column, String where) {
        return new BadRequestException(
                "hidden_column", "column '" + column + "' is hidden and cannot be used in " + where, Map.of());
    }

    static BadRequestException unknownOperator(String operator, String column) {
        return new BadRequestException(
                "unknown_operator",
                "unknown operator '" + operator + "' on column '" + column + "'; expected one of "
                        + "eq, ne, gt, gte, lt, lte, in, nin, like, ilike, is, search, contains",
                Map.of());
    }

    static BadRequestException invalidValue(String column, String problem) {
        return new BadRequestException("invalid_value", "column '" + column + "' " + problem, Map.of(column, problem));
    }

    /** Every problem of a written row at once, keyed by column ("2.email" in an array). */
    static BadRequestException invalidRow(Map<String, String> problems) {
        if (problems.size() == 1) {
            Map.Entry<String, String> only = problems.entrySet().iterator().next();
            return new BadRequestException(
                    "invalid_value", "column '" + only.getKey() + "' " + only.getValue(), problems);
        }
        return new BadRequestException(
                "invalid_value", problems.size() + " columns have invalid values: see details", problems);
    }

    static BadRequestException invalidLimit(String message) {
        return new BadRequestException("invalid_limit", message, Map.of());
    }

    static BadRequestException invalidOrderBy(String message) {
        return new BadRequestException("invalid_orderby", message, Map.of());
    }

    static BadRequestException invalidKey(String message) {
        return new BadRequestException("invalid_key", message, Map.of());
    }

    static BadRequestException tooComplex(String message) {
        return new BadRequestException("query_too_complex", message, Map.of());
    }

    static BadRequestException patternTooLong(String operator, String column, int length) {
        return new BadRequestException(
                "pattern_too_long",
                "the " + operator + " pattern on column '" + column + "' is " + length + " characters long; at most "
                        + Limits.PATTERN_LENGTH + " are allowed",
                Map.of());
    }

    static BadRequestException invalidCursor(String message) {
        return new BadRequestException("invalid_cursor", message, Map.of());
    }

    static BadRequestException invalidRef(String message) {
        return new BadRequestException("invalid_ref", message, Map.of());
    }

    static BadRequestException invalidSearch(String message) {
        return new BadRequestException("invalid_search", message, Map.of());
    }

    static BadRequestException searchNotIndexed(String message) {
        return new BadRequestException("search_not_indexed", message, Map.of());
    }

    static BadRequestException whereRequired(String message) {
        return new BadRequestException("where_required", message, Map.of());
    }
}
