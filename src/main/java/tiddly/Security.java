package tiddly;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tiddly.auth.AuthConfig;
import tiddly.auth.Authenticator;
import tiddly.permission.Access;
import tiddly.permission.ExecuteRule;
import tiddly.permission.Permissions;
import tiddly.permission.Rules;
import tiddly.permission.TableRule;
import tiddly.permission.Verb;
import tiddly.rpc.NamedQuery;
import tiddly.schema.Schema;
import tiddly.sql.Database;

/**
 * The effective security mode, from --config and the flags: safe by default. With no rules the
 * server is open, which is only allowed on a loopback address unless the operator says otherwise.
 */
record Security(Authenticator authenticator, Permissions permissions, String mode, List<NamedQuery> queries) {

    static Security of(Settings settings, Schema schema, Database database) {
        ConfigFile.Config config = ConfigFile.read(settings.config(), System.getenv());
        Rules rules = config.rules();
        String mode;
        if (!rules.open()) {
            mode = "rules for roles " + String.join(", ", rules.roles().keySet()) + signIn(config.auth());
        } else if (settings.anonymousReadOnly()) {
            rules = readOnly();
            mode = "anonymous read-only: no rules; anyone may read, nobody may write" + signIn(config.auth());
        } else {
            if (!loopback(settings.host()) && !settings.allowAnonymousWrites()) {
                throw new StartupException("refusing to listen on " + settings.host() + " with no rules: anyone on the"
                        + " network could read and write every table. Give rules with --config, or pass"
                        + " --anonymous-read-only, or --allow-anonymous-writes if that is really what you want");
            }
            mode = "open: no rules, every caller may read and write"
                    + (loopback(settings.host())
                            ? " (loopback only: local development)"
                            : " (--allow-anonymous-writes)");
        }
        Permissions permissions = new Permissions(rules, schema);
        permissions.validate();
        return new Security(new Authenticator(config.auth(), schema, database), permissions, mode, config.queries());
    }

    /** Anonymous callers read every table; nobody writes. */
    private static Rules readOnly() {
        TableRule read = new TableRule("*.*", Map.of(Verb.READ, Access.ALLOWED), Set.of(), Set.of());
        return new Rules( // every role, signed in or not; functions that change nothing too
                Map.of("*", Map.of("*", read)), Map.of("*", new ExecuteRule(Set.of("*"), true)));
    }

    /** The start-up log's ways to sign in, one list with commas ("... on table 'user', 1 API key(s)"). */
    static String signIn(AuthConfig auth) {
        if (!auth.enabled()) {
            return "; no sign-in configured (every caller is anon)";
        }
        List<String> ways = new ArrayList<>();
        auth.jwtSecret().ifPresent(secret -> ways.add("JWT HS256"));
        auth.jwtPublicKey().ifPresent(key -> ways.add("JWT public key"));
        auth.users()
                .ifPresent(users -> ways.add((auth.jwtSecret().isPresent() ? "/_login and " : "") + "Basic on table '"
                        + users.table() + "'"));
        if (!auth.apiKeys().isEmpty()) {
            ways.add(auth.apiKeys().size() + " API key(s)");
        }
        return "; sign-in: " + String.join(", ", ways);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new StartupException("cannot resolve --host " + host + ": " + e.getMessage(), e);
        }
    }
}
