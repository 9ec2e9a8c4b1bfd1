package tiddly.http;

import java.util.Map;
import java.util.Optional;
import tiddly.TiddlyException;

/** One operation of a batch failed, so none applied: the operation's own error, naming its index. */
final class BatchException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final transient TiddlyException cause;

    BatchException(int index, TiddlyException cause) {
        super(
                cause.status(),
                cause.code(),
                "operation " + index + " failed, so none was applied: " + cause.getMessage(),
                cause);
        this.index = index;
        this.cause = cause;
    }

    @Override
    public Map<String, String> details() {
        return cause.details();
    }

    @Override
    public Map<String, String> headers() {
        return cause.headers(); // a 401's WWW-Authenticate, a 412's ETag
    }

    @Override
    public Optional<Object> data() {
        return Optional.of(Map.of("index", index));
    }
}
