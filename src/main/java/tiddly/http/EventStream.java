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
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private Runnable onClose = () -> {};
    private boolean listening;
    private boolean unflushed;
    private boolean ending;
    private boolean closed;

    private EventStream(HttpServletRequest request, AsyncContext async, int capacity) throws IOException {
        this.request = request;
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.capacity = capacity;
    }

    /** Takes the request async; the response's status and headers must be set. */
    static EventStream open(HttpServletRequest request, int capacity) throws IOException {
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // keep-alives and the idle timeout decide when a silent stream ends
        EventStream stream = new EventStream(request, async, capacity);
        async.addListener(stream);
        return stream;
    }

    /** Called once the stream is over, whatever ended it. */
    synchronized void onClose(Runnable action) {
        onClose = action;
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
    public synchronized boolean offer(Event event) {
        if (closed || ending) {
            return false;
        }
        if (queue.size() >= capacity) {
            cutOff();
            return false;
        }
        queue.add(encode(event).getBytes(StandardCharsets.UTF_8));
        pump();
        return true;
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

    /** Writes while the socket takes more; Jetty calls {@link #onWritePossible} when it does again. */
    private void pump() {
        if (!listening || closed) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] next = queue.poll();
                if (next != null) {
                    out.write(next);
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
