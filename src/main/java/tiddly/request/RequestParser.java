package tiddly.request;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tiddly.Settings;
import tiddly.query.Delete;
import tiddly.query.Precondition;
import tiddly.query.Query;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * Untrusted request → {@link Query}: the table, every column name and every value are checked
 * against the schema here, so that later stages only see names the database really has.
 */
public final class RequestParser {
    private final Schema schema;
    private final Relations relations;
    private final ReadParser reads;
    private final WriteParser writes;
    private final boolean requireIfMatch;

    /**
     * @param maxLimit rows a query returns at most, and the largest limit a client may ask for
     * @param requireIfMatch PUT and DELETE must carry If-Match
     * @param cursors signs and checks paging cursors
     */
    public RequestParser(Schema schema, long maxLimit, boolean requireIfMatch, Cursors cursors) {
        this.schema = schema;
        this.relations = new Relations(schema);
        this.writes = new WriteParser(relations);
        this.reads = new ReadParser(maxLimit, relations, cursors);
        this.requireIfMatch = requireIfMatch;
    }

    /** A parser with a random cursor secret: cursors work only within this process. */
    public RequestParser(Schema schema, long maxLimit, boolean requireIfMatch) {
        this(
                schema,
                maxLimit,
                requireIfMatch,
                new Cursors(Settings.randomSecret().getBytes(StandardCharsets.UTF_8)));
    }

    public Query parse(Call call) {
        Table table = schema.require(call.table());
        String verb = call.verb();
        if (!table.writable() && !verb.equals("GET") && !verb.equals("FETCH") && !verb.equals("QUERY")) {
            throw new MethodNotAllowedException(
                    "read_only_table",
                    "'" + table.name() + "' is a view: it can be read with GET, FETCH and QUERY but not written",
                    "GET, FETCH, QUERY, OPTIONS");
        }
        Optional<Precondition> precondition = call.ifMatch().map(Precondition::parse);
        if (requireIfMatch && precondition.isEmpty() && (verb.equals("PUT") || verb.equals("DELETE"))) {
            throw new PreconditionRequiredException(verb);
        }
        Optional<Where.Compare> key = call.key().map(text -> keyWhere(table, text));
        return switch (verb) {
            case "GET" -> key.isPresent() ? reads.lookup(table, key.get()) : reads.list(table, call.params());
            case "FETCH", "QUERY" -> reads.fetch(table, Bodies.json(call.body()));
            case "POST" -> writes.insert(table, Bodies.json(call.body()), call.params());
            case "PUT" ->
                key.isPresent()
                        ? writes.updateByKey(table, key.get(), Bodies.json(call.body()), precondition)
                        : writes.update(table, Bodies.json(call.body()), precondition);
            case "DELETE" ->
                key.isPresent()
                        ? new Delete(table, key.get(), true, precondition)
                        : writes.delete(table, Bodies.json(call.body()), precondition);
            default -> throw new IllegalArgumentException("the http stage routes no " + verb + " here");
        };
    }

    /** {@code key = k} for the table's single key column, with k converted from URL text. */
    private static Where.Compare keyWhere(Table table, String key) {
        Column column = table.singleKey()
                .orElseThrow(() -> BadRequestException.invalidKey(
                        table.primaryKey().isEmpty()
                                ? "table '" + table.name()
                                        + "' has no primary key; select its rows with FETCH and a where"
                                : "table '" + table.name()
                                        + "' has a composite primary key; select its rows with FETCH and a where"));
        try {
            return new Where.Compare(column, Where.Operator.EQ, Values.fromText(column, key));
        } catch (Values.Problem problem) {
            throw BadRequestException.invalidValue(column.name(), problem.getMessage());
        }
    }
}
