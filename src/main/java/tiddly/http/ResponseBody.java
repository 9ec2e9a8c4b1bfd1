package tiddly.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import javax.servlet.http.HttpServletResponse;

/**
 * A response body held back until it passes a size: a small one can still get headers computed
 * from all of it (an ETag, a 304), a large one goes to the socket as it is written, so the heap
 * never holds more than the threshold.
 */
final class ResponseBody extends OutputStream {
    private final HttpServletResponse response;
    private final int threshold;
    private ByteArrayOutputStream held = new ByteArrayOutputStream();
    private OutputStream socket;
    private boolean dropped;

    ResponseBody(HttpServletResponse response, int threshold) {
        this.response = response;
        this.threshold = threshold;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (socket != null) {
            socket.write(bytes, offset, length);
            return;
        }
        held.write(bytes, offset, length);
        if (held.size() > threshold) {
            send();
        }
    }

    /** Whether the whole body is still here, so headers can still change. */
    boolean held() {
        return socket == null;
    }

    /** The body so far, while it is held. */
    byte[] bytes() {
        return held.toByteArray();
    }

    /**
     * The body is complete: one still held goes with its Content-Length, so it needs no chunked
     * encoding. A streamed one's last buffer is written before the route returns: a graceful stop
     * counts a request done when its handler returns and then closes its connection, which lost
     * the end of a long body whose client reads slowly (GracefulShutdownIT, once in ~5 runs).
     */
    void finish() throws IOException {
        boolean streamed = socket != null;
        if (!streamed && !dropped) {
            response.setContentLength(held.size());
        }
        send();
        if (streamed) {
            socket.flush();
        }
    }

    /** Sends what is held and everything written after it straight on. */
    private void send() throws IOException {
        if (socket == null) {
            socket = response.getOutputStream();
            held.writeTo(socket);
            held = null;
        }
    }

    /** Drops the held body, for a 304. */
    void drop() {
        held.reset();
        dropped = true; // a 304 says no Content-Length of its own
    }

    @Override
    public void flush() throws IOException {
        if (socket != null) {
            socket.flush();
        }
    }
}
