package tiddly.hook;

import java.time.Duration;
import tiddly.TiddlyException;

/** A before or after hook ran longer than the statement timeout: its operation fails and rolls back. */
final class HookTimeoutException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    HookTimeoutException(String point, String table, Duration took, Duration budget) {
        super(
                503,
                "hook_timeout",
                "the " + point + " hook of table '" + table + "' ran " + took.toMillis()
                        + " ms, longer than the statement timeout of " + budget.toMillis()
                        + " ms; nothing was written");
    }
}
