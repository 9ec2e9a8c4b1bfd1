package tiddly.feed;

/** Where a subscriber's events go: a stream to one client, written by the http stage. */
public interface Sink {

    /**
     * Queues {@code event} for the client and sends what is queued, without waiting for it.
     *
     * @return false when the stream is closed, or when the client fell so far behind that its
     *     buffer is full: the stream is then closed, and the client resumes from its last id
     */
    default boolean offer(Event event) {
        boolean queued = queue(event);
        send();
        return queued;
    }

    /**
     * Queues {@code event} without sending it yet: the feed queues a batch of changes, then sends
     * each stream's events at once ({@link #send}), one write and one flush instead of one each.
     *
     * @return as {@link #offer}
     */
    boolean queue(Event event);

    /** Sends what is queued, without waiting for the client. */
    void send();

    /** Queues an SSE comment (a keep-alive) and sends it; a full buffer is left as it is. */
    void comment(String text);

    /** Sends what is queued, then ends the stream. */
    void end();
}
