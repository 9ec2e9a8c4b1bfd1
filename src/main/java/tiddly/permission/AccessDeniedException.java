package tiddly.permission;

import java.util.Map;
import tiddly.TiddlyException;

/** A rule denies the request: 401 for an anonymous caller (who may sign in), 403 for a known one. */
public final class AccessDeniedException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final boolean anonymous;

    AccessDeniedException(boolean anonymous, String message) {
        super(anonymous ? 401 : 403, anonymous ? "unauthenticated" : "forbidden", message);
        this.anonymous = anonymous;
    }

    @Override
    public Map<String, String> headers() {
        return anonymous ? Map.of("WWW-Authenticate", "Bearer realm=\"tiddly\"") : Map.of();
    }
}
