package tiddly.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tiddly.permission.Permissions;
import tiddly.request.Cursors;
import tiddly.request.RequestParser;

/** One request parser per role, over the schema as that role sees it (its hidden columns hidden). */
final class Parsers {
    private final Map<String, RequestParser> byRole = new ConcurrentHashMap<>();
    private final Permissions permissions;
    private final long maxLimit;
    private final boolean requireIfMatch;
    private final Cursors cursors;

    Parsers(Permissions permissions, long maxLimit, boolean requireIfMatch, Cursors cursors) {
        this.permissions = permissions;
        this.maxLimit = maxLimit;
        this.requireIfMatch = requireIfMatch;
        this.cursors = cursors;
    }

    RequestParser forRole(String role) {
        return byRole.computeIfAbsent(
                permissions.effectiveRole(role),
                name -> new RequestParser(permissions.schema(name), maxLimit, requireIfMatch, cursors));
    }
}
