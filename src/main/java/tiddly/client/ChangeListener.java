package tiddly.client;

/**
 * Receives the events of a live query, one at a time, on the subscription's own thread. A
 * listener that throws ends its subscription.
 */
@FunctionalInterface
public interface ChangeListener {
    void onEvent(ChangeEvent event);

    /** The subscription ended for an error it cannot overcome by reconnecting, such as a 401 or 403. */
    default void onError(TiddlyClientException error) {}
}
