package tiddly.http;

import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import spark.embeddedserver.jetty.JettyServerFactory;

/**
 * The Jetty server under Spark, hardened: no version banner, JSON error pages, request lines
 * without a path answered before Spark ({@link RequestTargetGuard}), a short idle
 * timeout (Spark sets an hour) so that stalled clients let go of their threads, and requests
 * dispatched only once their body starts to arrive. (No minimum data rate: under load it cut off
 * honest clients whose few body bytes arrived a moment after their headers.)
 */
final class HardenedJetty implements JettyServerFactory {
    static final int REQUEST_HEADER_BYTES = 16 * 1024;

    private final long idleTimeoutMillis;
    private final long graceMillis;
    private final List<HandlerWrapper> around;

    /**
     * @param graceMillis how long a stop waits for requests in flight (0: not at all)
     * @param around wrapped around Spark's handler when the server starts, the first outermost:
     *     {@link Draining}, which counts requests in flight for that wait, and {@link Observer}
     */
    HardenedJetty(long idleTimeoutMillis, long graceMillis, List<HandlerWrapper> around) {
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.graceMillis = graceMillis;
        this.around = List.copyOf(around);
    }

    @Override
    public Server create(int maxThreads, int minThreads, int threadTimeoutMillis) {
        return create(new QueuedThreadPool(maxThreads, minThreads, threadTimeoutMillis));
    }

    @Override
    public Server create(ThreadPool threadPool) {
        Server server = new Server(threadPool) {
            @Override
            protected void doStart() throws Exception {
                for (Connector connector : getConnectors()) {
                    harden(connector);
                }
                insertHandler(new RequestTargetGuard()); // in front of Spark's handler, set by now
                for (int i = around.size() - 1; i >= 0; i--) {
                    around.get(i).setHandler(getHandler());
                    setHandler(around.get(i));
                }
                super.doStart();
            }
        };
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(graceMillis); // stop: close the listener, wait for Draining, then close connections
        return server;
    }

    private void harden(Connector connector) {
        if (connector instanceof ServerConnector serverConnector) {
            serverConnector.setIdleTimeout(idleTimeoutMillis);
        }
        HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
        if (http != null) {
            HttpConfiguration config = http.getHttpConfiguration();
            config.setSendServerVersion(false);
            config.setSendXPoweredBy(false);
            config.setRequestHeaderSize(REQUEST_HEADER_BYTES);
            config.setDelayDispatchUntilContent(true);
        }
    }
}
