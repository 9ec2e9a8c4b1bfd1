package tiddly;

import java.net.InetAddress;
import java.net.UnknownHostException;
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

    private static String signIn(AuthConfig auth) {
        if (!auth.enabled()) {
            return "; no sign-in configured (every caller is anon)";
        }
        StringBuilder ways = new StringBuilder("; sign-in:");
        auth.jwtSecret().ifPresent(secret -> ways.append(" JWT HS256"));
        auth.jwtPublicKey().ifPresent(key -> ways.append(" JWT public key"));
        auth.users()
                .ifPresent(users -> ways.append(auth.jwtSecret().isPresent() ? " /_login and" : "")
                        .append(" Basic on table '")
                        .append(users.table())
                        .append("'"));
        if (!auth.apiKeys().isEmpty()) {
            ways.append(" ").append(auth.apiKeys().size()).append(" API key(s)");
        }
        return ways.toString();
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new StartupException("cannot resolve --host " + host + ": " + e.getMessage(), e);
        }
    }
}
