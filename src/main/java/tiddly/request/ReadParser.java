package tiddly.request;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tiddly.query.Fetch;
import tiddly.query.Page;
import tiddly.query.Where;
import tiddly.schema.Table;

/** FETCH bodies, GET query parameters and key lookups → {@link Fetch}. */
final class ReadParser {
    private static final Set<String> FETCH_KEYS = Set.of("where", "orderby", "limit", "offset", "etag");

    private final long maxLimit;

    ReadParser(long maxLimit) {
        this.maxLimit = maxLimit;
    }

    Fetch lookup(Table table, Where where) {
        return new Fetch(table, where, List.of(), new Page(1, 0), true, true);
    }

    Fetch fetch(Table table, JsonElement body) {
        JsonObject object = Bodies.keyed(body, "the FETCH body", FETCH_KEYS, "where, orderby, limit, offset or etag");
        return new Fetch(
                table,
                WhereParser.parse(table, Bodies.member(object, "where")),
                OrderByParser.parse(table, Bodies.member(object, "orderby")),
                page(Bodies.member(object, "limit"), Bodies.member(object, "offset")),
                false,
                Bodies.flag(object, "etag"));
    }

    Fetch list(Table table, Map<String, List<String>> params) {
        QueryParams query = QueryParams.parse(table, params);
        JsonElement etag = query.key("etag");
        return new Fetch(
                table,
                query.where(),
                OrderByParser.parse(table, query.key("orderby")),
                page(query.key("limit"), query.key("offset")),
                false,
                !etag.isJsonNull() && etag.getAsString().equals("true"));
    }

    private Page page(JsonElement limit, JsonElement offset) {
        long rows = limit.isJsonNull() ? maxLimit : Bodies.count("limit", limit);
        if (rows > maxLimit) {
            throw BadRequestException.invalidLimit("'limit' " + limit + " is above the maximum of " + maxLimit);
        }
        return new Page(rows, offset.isJsonNull() ? 0 : Bodies.count("offset", offset));
    }
}
