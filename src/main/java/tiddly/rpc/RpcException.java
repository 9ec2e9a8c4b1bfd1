package tiddly.rpc;

import java.util.Map;
import tiddly.TiddlyException;

/** A call of {@code /_rpc/name} that cannot be made as asked. */
public final class RpcException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> details;

    private RpcException(int status, String code, String message, Map<String, String> details) {
        super(status, code, message);
        this.details = Map.copyOf(details);
    }

    @Override
    public Map<String, String> details() {
        return details;
    }

    public static RpcException unknownFunction(String name) {
        return new RpcException(404, "unknown_function", "no function '" + name + "' to call", Map.of());
    }

    static RpcException unknownArgument(String function, String argument) {
        return new RpcException(
                400,
                "unknown_argument",
                "function '" + function + "' has no argument '" + argument + "'",
                Map.of(argument, "is not an argument of " + function));
    }

    static RpcException missingArgument(String function, String argument) {
        return new RpcException(
                400,
                "missing_argument",
                "function '" + function + "' needs the argument '" + argument + "'",
                Map.of(argument, "is required"));
    }

    static RpcException invalidArgument(String argument, String problem) {
        return new RpcException(
                400, "invalid_value", "argument '" + argument + "' " + problem, Map.of(argument, problem));
    }

    public static RpcException invalidArguments(String message) {
        return new RpcException(400, "invalid_body", message, Map.of());
    }

    /** GET or QUERY of a function that may write: only POST calls it. */
    public static RpcException notReadOnly(String name, String method) {
        return new RpcException(
                405,
                "method_not_allowed",
                "function '" + name + "' may change data, so only POST calls it, not " + method,
                Map.of());
    }
}
