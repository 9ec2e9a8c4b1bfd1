package tiddly.http;

import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Jetty's graceful stop for Tiddly: counts the requests in flight, and once the server stops,
 * still answers those that arrive on open connections, with {@code Connection: close} so that
 * clients reconnect elsewhere, and tells Jetty when the last one has ended. (Jetty's own
 * StatisticsHandler answers them 503, an error a client behind a load balancer would see.)
 * Jetty stops accepting connections first and waits for this up to its stop timeout, the grace.
 */
final class Draining extends HandlerWrapper implements Graceful {
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile FutureCallback drained;

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        inFlight.incrementAndGet();
        try {
            if (drained != null) {
                response.setHeader("Connection", "close");
            }
            super.handle(target, base, request, response);
        } finally {
            FutureCallback stopping = drained;
            if (inFlight.decrementAndGet() == 0 && stopping != null) {
                stopping.succeeded();
            }
        }
    }

    /** Requests being answered now. */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    public Future<Void> shutdown() {
        FutureCallback stopping = new FutureCallback();
        drained = stopping;
        if (inFlight.get() == 0) {
            stopping.succeeded();
        }
        return stopping;
    }

    @Override
    public boolean isShutdown() {
        return drained != null;
    }
}
