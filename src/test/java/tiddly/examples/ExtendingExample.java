package tiddly.examples;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.proxy.ProxyServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import tiddly.Settings;
import tiddly.Tiddly;
import tiddly.hook.HookException;
import tiddly.hook.Hooks;
import tiddly.permission.Verb;

/**
 * The code docs/extending.md shows, compiled here and run by {@code ExtendingExampleTest}; the doc
 * quotes each part between its {@code snippet:} and {@code end:} lines word for word ({@code
 * DocSnippetsTest} checks).
 */
public final class ExtendingExample {
    private ExtendingExample() {}

    /** The application's hooks and Java function. */
    public static Hooks hooks() {
        // snippet:hooks
        Hooks hooks = Hooks.builder()
                // every insert and update of book stamps updated_at, whatever the client sent
                .before("book", write -> write.set("updated_at", Instant.now().toString()), Verb.INSERT, Verb.UPDATE)
                // a blank title is refused with a field error of the application's own
                .before(
                        "book",
                        write -> {
                            for (Map<String, Object> row : write.values()) {
                                if (row.get("title") instanceof String title && title.isBlank()) {
                                    throw HookException.field("blank_title", "title", "must not be blank");
                                }
                            }
                        },
                        Verb.INSERT,
                        Verb.UPDATE)
                // once a write of book is durable: an audit row, in a transaction of its own
                .afterCommit(
                        "book",
                        written -> written.sql()
                                .update(
                                        "INSERT INTO audit (who, what) VALUES (?, ?)",
                                        written.identity().role(),
                                        written.verb() + " book "
                                                + written.rows().size()))
                // a Java function: POST /_rpc/books_by {"author_id": 1}, in the request's transaction
                .function(
                        "books_by",
                        call -> call.sql()
                                .query(
                                        "SELECT id, title FROM book WHERE author_id = ? ORDER BY id",
                                        call.number("author_id")))
                .build();
        // end:hooks
        return hooks;
    }

    /** Tiddly started as an application embeds it: under /api, with the hooks above. */
    public static Tiddly start(Settings settings) {
        // snippet:start
        Tiddly tiddly = Tiddly.start(settings.withBasePath("/api"), hooks());
        // end:start
        return tiddly;
    }

    /**
     * Tiddly beside an application's own Jetty server in the same JVM: the application keeps its
     * routes and its port and forwards {@code /api/*} to Tiddly, which serves under the same prefix.
     */
    public static Server beside(int tiddlyPort) throws Exception {
        // snippet:beside
        ServletContextHandler app = new ServletContextHandler();
        app.addServlet(new ServletHolder(new Hello()), "/hello"); // the application's own routes
        ServletHolder proxy = app.addServlet(ProxyServlet.Transparent.class, "/api/*");
        proxy.setInitParameter("proxyTo", "http://127.0.0.1:" + tiddlyPort + "/api");
        proxy.setInitParameter("prefix", "/api");
        Server server = new Server(0); // the application's port
        server.setHandler(app);
        server.start();
        // end:beside
        return server;
    }

    /** The application's own servlet. */
    static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("hello from the application");
        }
    }
}
