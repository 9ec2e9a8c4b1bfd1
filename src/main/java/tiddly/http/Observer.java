package tiddly.http;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import tiddly.sql.SlowQueries;

/** Jetty handler around every request: its duration and status go to {@link Metrics} and the {@link AccessLog}. */
final class Observer extends HandlerWrapper {
    private final Metrics metrics;
    private final AccessLog accessLog;
    private final SlowQueries slowQueries;

    /**
     * @param accessLog null when there is none: checked once per request, no Optional to unwrap
     * @param slowQueries told when the thread's request is done
     */
    Observer(Metrics metrics, AccessLog accessLog, SlowQueries slowQueries) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.slowQueries = slowQueries;
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            super.handle(target, base, request, response);
        } finally {
            slowQueries.request(null);
            long nanos = System.nanoTime() - start;
            int status = response.getStatus();
            metrics.record(base.getRequestURI(), base.getMethod(), status, nanos);
            if (accessLog != null) {
                accessLog.log(
                        request, status, base.getResponse().getHttpChannel().getBytesWritten(), nanos);
            }
        }
    }
}
