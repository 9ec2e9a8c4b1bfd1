package tiddly.hook;

/**
 * A function of the application callable as {@code POST /_rpc/name} (docs/extending.md). It
 * returns rows (a {@code List} of {@code Map}s, sent like a list), one object (a {@code Map}) or a
 * scalar (a number, text, a boolean, or null); it may throw {@link HookException}.
 */
@FunctionalInterface
public interface JavaFunction {
    Object call(FunctionCall call);
}
