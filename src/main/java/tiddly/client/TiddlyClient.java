package tiddly.client;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * A connection to one Tiddly server, for one caller. {@link #connect} reads {@code /_schema}, so
 * the client knows the tables and columns the caller may read; {@link #table} starts a query.
 *
 * <pre>{@code
 * TiddlyClient client = TiddlyClient.connect(URI.create("http://127.0.0.1:4567"), Auth.none());
 * List<Row> books = client.table("book").where(Map.of("genre", "sf")).orderBy("year desc").limit(20).all();
 * }</pre>
 *
 * It is safe to share between threads; the rows it returns are not.
 */
public final class TiddlyClient {
    private final Transport transport;
    private final NameCheck names;
    private final Reads reads;
    private final Writes writes;
    private volatile ClientSchema schema;

    TiddlyClient(Transport transport, ClientSchema schema) {
        this.transport = transport;
        this.reads = new Reads(this, transport);
        this.writes = new Writes(this, transport);
        this.schema = schema;
        this.names = new NameCheck(this::schema);
    }

    /** Connects with default retries ({@link Retry#defaults()}). */
    public static TiddlyClient connect(URI server, Auth auth) {
        return connect(server, auth, Retry.defaults());
    }

    /** Connects to {@code server} (its base URI, such as {@code http://127.0.0.1:4567}) and reads its schema. */
    public static TiddlyClient connect(URI server, Auth auth, Retry retry) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Transport transport = new Transport(http, server, auth, retry);
        return new TiddlyClient(transport, readSchema(transport));
    }

    /**
     * Signs in with {@code POST /_login} and uses the token from then on; reads the schema again,
     * since the signed-in role may read other tables. Returns when the token expires.
     */
    public Instant login(String email, String password) {
        return login("email", email, password);
    }

    /** The same, for a server whose users sign in with another column than {@code email}. */
    public Instant login(String identityColumn, String identity, String password) {
        JsonObject body = new JsonObject();
        body.addProperty(identityColumn, identity);
        body.addProperty("password", password);
        JsonObject data = transport.send(Call.login(body)).data().getAsJsonObject();
        transport.auth(Auth.token(data.get("token").getAsString()));
        schema = readSchema(transport);
        return Instant.parse(data.get("expires_at").getAsString());
    }

    /** The names of the tables the caller may read. */
    public Set<String> tables() {
        return schema.tables().keySet();
    }

    /** A table to query or write; a client error {@code unknown_table} if the caller may not read it. */
    public Table table(String name) {
        return new Table(this, schema.table(name));
    }

    /**
     * Saves these rows, and the unsaved rows they refer to, in one {@code POST /_batch}: each row
     * after the rows it refers to, new rows inserted and changed rows updated with {@code
     * If-Match}. All are written or none; on success every row holds what the server stored.
     */
    public void save(Row... rows) {
        writes.save(Arrays.asList(rows));
    }

    private static ClientSchema readSchema(Transport transport) {
        return new ClientSchema(transport.send(Call.get("/_schema")).data());
    }

    Subscription subscribe(TableSchema table, JsonObject body, ChangeListener listener, boolean snapshot) {
        return Subscription.start(this, transport, table, body, listener, snapshot);
    }

    ClientSchema schema() {
        return schema;
    }

    NameCheck names() {
        return names;
    }

    Reads reads() {
        return reads;
    }

    Writes writes() {
        return writes;
    }
}
