package tiddly.hook;

/** Runs on an operation's rows, in its transaction; see {@link After}. */
@FunctionalInterface
public interface AfterHook {
    void after(After operation);
}
