package tiddly.http;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/** Jetty handler around every request: its duration and status go to {@link Metrics}. */
final class Observer extends HandlerWrapper {
    private final Metrics metrics;

    Observer(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            super.handle(target, base, request, response);
        } finally {
            metrics.record(base.getRequestURI(), base.getMethod(), response.getStatus(), System.nanoTime() - start);
        }
    }
}
