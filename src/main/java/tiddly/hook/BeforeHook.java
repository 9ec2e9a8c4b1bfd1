package tiddly.hook;

/** Runs before an operation reaches the database; see {@link Before}. */
@FunctionalInterface
public interface BeforeHook {
    void before(Before operation);
}
