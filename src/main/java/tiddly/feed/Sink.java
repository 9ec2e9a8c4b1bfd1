package tiddly.feed;

/** Where a subscriber's events go: a stream to one client, written by the http stage. */
public interface Sink {

    /**
     * Queues {@code event} for the client without waiting for it.
     *
     * @return false when the stream is closed, or when the client fell so far behind that its
     *     buffer is full: the stream is then closed, and the client resumes from its last id
     */
    boolean offer(Event event);

    /** Queues an SSE comment (a keep-alive); a full buffer is left as it is. */
    void comment(String text);

    /** Sends what is queued, then ends the stream. */
    void end();
}
