package tiddly.hook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tiddly.TiddlyException;

/**
 * What a hook or a Java function throws to refuse an operation with an error envelope of its own:
 * the status, the code (the application's own, documented by it), the message and per-field details
 * reach the client as given. Any other exception is a 500 whose message the client never sees.
 */
public final class HookException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> details;

    public HookException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /** @param details per-field problems, e.g. {@code title → "must not be empty"} */
    public HookException(int status, String code, String message, Map<String, String> details) {
        super(checked(status), code, message);
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A 400 for one field: {@code {"code": code, "details": {field: problem}}}. */
    public static HookException field(String code, String field, String problem) {
        return new HookException(400, code, "'" + field + "' " + problem, Map.of(field, problem));
    }

    @Override
    public Map<String, String> details() {
        return details;
    }

    private static int checked(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a hook's error status is 4xx or 5xx, not " + status);
        }
        return status;
    }
}
