package tiddly.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import tiddly.feed.Event;
import tiddly.feed.Sink;

/**
 * One client's Server-Sent Events stream, without a thread of its own: the request goes async,
 * events wait in a bounded queue, and Jetty's non-blocking output writes them whenever the socket
 * takes more. A client whose queue fills up is cut off (it resumes from its last id), so a stalled
 * reader never holds up the feed, writers or other streams.
 */
final class EventStream implements Sink, WriteListener, AsyncListener {
    private final HttpServletRequest request;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final int capacity;
    private final EventText encoder;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private Runnable onClose = () -> {};
    private boolean listening;
    private boolean unflushed;
    private boolean ending;
    private boolean closed;

    private EventStream(HttpServletRequest request, AsyncContext async, int capacity, EventText encoder)
            throws IOException {
        this.request = request;
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.capacity = capacity;
        this.encoder = encoder;
    }

    /**
     * Takes the request async; the response's status and headers must be set.
     *
     * @param encoder encodes events, once for all the streams an event goes to
     */
    static EventStream open(HttpServletRequest request, int capacity, EventText encoder) throws IOException {
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // keep-alives and the idle timeout decide when a silent stream ends
        EventStream stream = new EventStream(request, async, capacity, encoder);
        async.addListener(stream);
        return stream;
    }

    /** Called once the stream is over, whatever ended it; at once if it is over already. */
    synchronized void onClose(Runnable action) {
        onClose = action;
        if (closed) {
            action.run();
        }
    }

    /** Writes {@code text} now, blocking: only before {@link #listen()}, for the retry hint and a snapshot. */
    void writeNow(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    void flushNow() throws IOException {
        out.flush();
    }

    /** From now on writes are non-blocking; queued events go out as the socket takes them. */
    synchronized void listen() {
        listening = true;
        out.setWriteListener(this);
    }

    @Override
    public synchronized boolean queue(Event event) {
        if (closed || ending) {
            return false;
        }
        if (queue.size() >= capacity) {
            pump(); // the batch's events so far go out, if the socket takes them
            if (closed) {
                return false;
            }
            if (queue.size() >= capacity) {
                cutOff();
                return false;
            }
        }
        queue.add(encoder.encode(event));
        return true;
    }

    @Override
    public synchronized void send() {
        pump();
    }

    @Override
    public synchronized void comment(String text) {
        if (!closed && !ending && queue.size() < capacity) {
            queue.add((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
            pump();
        }
    }

    @Override
    public synchronized void end() {
        if (!closed) {
            ending = true;
            pump();
        }
    }

    static String encode(Event event) {
        StringBuilder text = new StringBuilder(128);
        text.append("event: ").append(event.name()).append('\n');
        event.id().ifPresent(id -> text.append("id: ").append(id).append('\n'));
        text.append("data: ").append(Envelope.json(event.data())).append("\n\n"); // one line: JSON escapes newlines
        return text.toString();
    }

    @Override
    public synchronized void onWritePossible() {
        pump();
    }

    /**
     * Writes while the socket takes more, all that waits in one write and one flush; Jetty calls
     * {@link #onWritePossible} when it takes more again.
     */
    private void pump() {
        if (!listening || closed) {
            return;
        }
        try {
            while (out.isReady()) {
                if (!queue.isEmpty()) {
                    out.write(drain());
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    if (ending) {
                        close();
                    }
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            close();
        }
    }

    /** What waits in the queue, as one array; the queue is left empty. */
    private byte[] drain() {
        if (queue.size() == 1) {
            return queue.poll();
        }
        int length = 0;
        for (byte[] text : queue) {
            length += text.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] text = queue.poll(); text != null; text = queue.poll()) {
            System.arraycopy(text, 0, all, at, text.length);
            at += text.length;
        }
        return all;
    }

    /** The client is too far behind: drop what waits and cut the connection; it resumes from its last id. */
    private void cutOff() {
        queue.clear();
        closed = true;
        org.eclipse.jetty.server.Request.getBaseRequest(request)
                .getHttpChannel()
                .abort(new IOException("the client read too slowly: its stream was closed"));
        finish();
    }

    private void close() {
        if (!closed) {
            closed = true;
            finish();
        }
    }

    private void finish() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed by Jetty after an error
        }
        onClose.run();
    }

    @Override
    public synchronized void onError(Throwable error) {
        close();
    }

    @Override
    public synchronized void onComplete(AsyncEvent event) {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    @Override
    public synchronized void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public synchronized void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // nothing to do
    }
}
