package tiddly.request;

import java.util.Map;
import tiddly.TiddlyException;

/** A 405 with the Allow header listing what the resource does accept. */
public final class MethodNotAllowedException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final String allow;

    public MethodNotAllowedException(String code, String message, String allow) {
        super(405, code, message);
        this.allow = allow;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Allow", allow);
    }
}
