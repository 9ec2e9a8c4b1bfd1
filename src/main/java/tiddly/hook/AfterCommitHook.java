package tiddly.hook;

/**
 * Runs once a write is durable, for side effects (mail, queues); it cannot change the answer. A
 * failure is logged and the client still hears of the write's success.
 */
@FunctionalInterface
public interface AfterCommitHook {
    void afterCommit(After operation);
}
