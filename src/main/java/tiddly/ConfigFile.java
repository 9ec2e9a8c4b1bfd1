package tiddly;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tiddly.auth.AuthConfig;
import tiddly.auth.Secrets;
import tiddly.auth.UsersTable;
import tiddly.permission.Access;
import tiddly.permission.ExecuteRule;
import tiddly.permission.Rules;
import tiddly.permission.TableRule;
import tiddly.permission.Verb;
import tiddly.rpc.NamedQuery;

/**
 * The security configuration (--config): JSON that may carry // and # comments, with an "auth"
 * section (how callers sign in) and a "rules" section (what each role may do). Secrets may come
 * from the environment instead: TIDDLY_JWT_SECRET, TIDDLY_JWT_PUBLIC_KEY, or any variable named as
 * {@code "$env:NAME"} in place of a secret or an API key. See docs/security.md.
 */
final class ConfigFile {
    private static final Set<String> TOP = Set.of("auth", "rules", "queries");
    private static final Set<String> QUERY = Set.of("sql", "params", "read_only", "returns");
    /** The key of a role's rules that holds its execute rule for /_rpc, not a table's. */
    private static final String RPC = "_rpc";

    private static final String ENV_PREFIX = "$env:";
    private static final Set<String> AUTH = Set.of(
            "jwt_secret", "jwt_public_key", "token_ttl_seconds", "users", "api_keys", "login_attempts_per_minute");
    private static final Set<String> USERS = Set.of("table", "identity", "password", "role", "default_role");
    private static final Set<String> TABLE_RULE = Set.of("read", "insert", "update", "delete", "hidden", "read_only");

    record Config(AuthConfig auth, Rules rules, List<NamedQuery> queries) {
        static final Config NONE = new Config(AuthConfig.none(), Rules.NONE, List.of());
    }

    private ConfigFile() {}

    static Config read(Optional<Path> file, Map<String, String> environment) {
        JsonObject json = file.map(ConfigFile::parse).orElseGet(JsonObject::new);
        try {
            keys(json, TOP, "the config");
            return new Config(
                    auth(object(json, "auth"), environment),
                    rules(object(json, "rules")),
                    queries(object(json, "queries")));
        } catch (IllegalStateException | ClassCastException | UnsupportedOperationException | NumberFormatException e) {
            throw new StartupException(
                    "config: a value has the wrong shape (" + e.getMessage() + "); see docs/security.md", e);
        }
    }

    private static JsonObject parse(Path file) {
        try {
            JsonReader reader = new JsonReader(new StringReader(Files.readString(file)));
            reader.setStrictness(Strictness.LENIENT); // for comments; keys are still checked below
            JsonElement json = JsonParser.parseReader(reader);
            if (!json.isJsonObject()) {
                throw new StartupException("config " + file + " must be a JSON object");
            }
            return json.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new StartupException("config file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new StartupException("cannot read config " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException e) {
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new StartupException("config " + file + " is not valid JSON: " + message, e);
        }
    }

    private static AuthConfig auth(JsonObject json, Map<String, String> environment) {
        keys(json, AUTH, "auth");
        Optional<String> secret = Optional.ofNullable(environment.get("TIDDLY_JWT_SECRET"))
                .or(() ->
                        text(json, "jwt_secret").map(value -> fromEnvironment(value, "auth.jwt_secret", environment)));
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new StartupException(
                    "auth.jwt_secret is shorter than 32 bytes: HS256 needs at least 256 random bits");
        }
        secret.ifPresent(value -> Secrets.checkSecret("auth.jwt_secret", value));
        Optional<String> publicKey = Optional.ofNullable(environment.get("TIDDLY_JWT_PUBLIC_KEY"))
                .or(() -> text(json, "jwt_public_key")
                        .map(value -> fromEnvironment(value, "auth.jwt_public_key", environment)));
        Optional<UsersTable> users = Optional.empty();
        if (json.has("users")) {
            JsonObject table = object(json, "users");
            keys(table, USERS, "auth.users");
            users = Optional.of(new UsersTable(
                    text(table, "table").orElse("user"),
                    text(table, "identity").orElse("email"),
                    text(table, "password").orElse("password"),
                    text(table, "role"),
                    text(table, "default_role").orElse("user")));
        }
        Map<String, String> apiKeys = new HashMap<>();
        object(json, "api_keys").entrySet().forEach(entry -> {
            String role = entry.getValue().getAsString();
            String setting = "auth.api_keys: the key of role '" + role + "'";
            String key = fromEnvironment(entry.getKey(), setting, environment);
            String before = apiKeys.put(Secrets.checkApiKey(setting, key), role);
            if (before != null) {
                throw new StartupException("auth.api_keys: the keys of roles '" + before + "' and '" + role
                        + "' are the same; give each role its own key");
            }
        });
        return new AuthConfig(
                secret,
                publicKey,
                Duration.ofSeconds(
                        json.has("token_ttl_seconds")
                                ? json.get("token_ttl_seconds").getAsLong()
                                : 3600),
                users,
                apiKeys,
                json.has("login_attempts_per_minute")
                        ? json.get("login_attempts_per_minute").getAsInt()
                        : 10);
    }

    /**
     * A secret written as {@code "$env:NAME"} is read from the environment variable NAME, so the
     * file itself holds none; a variable that is not set stops the server.
     */
    private static String fromEnvironment(String value, String setting, Map<String, String> environment) {
        if (!value.startsWith(ENV_PREFIX)) {
            return value;
        }
        String name = value.substring(ENV_PREFIX.length());
        String found = environment.get(name);
        if (found == null || found.isEmpty()) {
            throw new StartupException(
                    setting + " is read from the environment variable " + name + ", which is not set");
        }
        return found;
    }

    /** {"role": {"table or *": {"read": true | false | {"where": W, "set": {...}}, …, "hidden": [...]}}}. */
    private static Rules rules(JsonObject json) {
        Map<String, Map<String, TableRule>> roles = new LinkedHashMap<>();
        Map<String, ExecuteRule> execute = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> role : json.entrySet()) {
            Map<String, TableRule> tables = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> table :
                    role.getValue().getAsJsonObject().entrySet()) {
                if (table.getKey().equals(RPC)) { // {"_rpc": {"execute": true | ["name", …]}}
                    execute.put(role.getKey(), execute(table.getValue().getAsJsonObject(), role.getKey()));
                    continue;
                }
                String name = role.getKey() + "." + table.getKey();
                JsonObject rule = table.getValue().getAsJsonObject();
                keys(rule, TABLE_RULE, "rules." + name);
                Map<Verb, Access> access = new HashMap<>();
                for (Verb verb : Verb.values()) {
                    access.put(verb, access(rule, verb.name().toLowerCase(Locale.ROOT), name));
                }
                tables.put(
                        table.getKey(), new TableRule(name, access, names(rule, "hidden"), names(rule, "read_only")));
            }
            if (!tables.isEmpty()) {
                roles.put(role.getKey(), tables);
            }
        }
        return new Rules(roles, execute);
    }

    private static ExecuteRule execute(JsonObject rule, String role) {
        keys(rule, Set.of("execute"), "rules." + role + "." + RPC);
        JsonElement value = rule.get("execute");
        if (value == null
                || value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return new ExecuteRule(value != null && value.getAsBoolean() ? Set.of("*") : Set.of(), false);
        }
        if (!value.isJsonArray()) {
            throw new StartupException(
                    "config: rules." + role + "." + RPC + ".execute must be true, false or an array of function names");
        }
        Set<String> names = new HashSet<>();
        value.getAsJsonArray().forEach(name -> names.add(name.getAsString()));
        return new ExecuteRule(names, false);
    }

    /** {"name": {"sql": "SELECT … :p", "params": {"p": "integer"}, "read_only": true, "returns": "rows|scalar|changed"}}. */
    private static List<NamedQuery> queries(JsonObject json) {
        List<NamedQuery> queries = new java.util.ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
            String name = entry.getKey();
            JsonObject query = entry.getValue().getAsJsonObject();
            keys(query, QUERY, "queries." + name);
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*") || !query.has("sql")) {
                throw new StartupException(
                        "config: queries." + name + " needs a name of letters, digits and _, and an \"sql\" statement");
            }
            Map<String, String> params = new LinkedHashMap<>();
            object(query, "params")
                    .entrySet()
                    .forEach(
                            param -> params.put(param.getKey(), param.getValue().getAsString()));
            String returns = text(query, "returns").orElse("rows");
            if (!List.of("rows", "scalar", "changed").contains(returns)) {
                throw new StartupException("config: queries." + name + ".returns must be rows, scalar or changed");
            }
            try {
                queries.add(NamedQuery.of(
                        name,
                        query.get("sql").getAsString(),
                        params,
                        query.has("read_only") && query.get("read_only").getAsBoolean(),
                        returns));
            } catch (IllegalArgumentException e) {
                throw new StartupException("config: " + e.getMessage());
            }
        }
        return queries;
    }

    private static Access access(JsonObject rule, String verb, String name) {
        JsonElement value = rule.get(verb);
        if (value == null) {
            return Access.DENIED;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean() ? Access.ALLOWED : Access.DENIED;
        }
        if (!value.isJsonObject()) {
            throw new StartupException("config: rules." + name + "." + verb + " must be true, false or an object"
                    + " with where and set, not " + value);
        }
        JsonObject object = value.getAsJsonObject();
        keys(object, Set.of("where", "set"), "rules." + name + "." + verb);
        return new Access(
                true,
                Optional.ofNullable(object.getAsJsonObject("where")),
                object.has("set") ? object.getAsJsonObject("set") : new JsonObject());
    }

    private static Set<String> names(JsonObject rule, String key) {
        if (!rule.has(key)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        rule.getAsJsonArray(key).forEach(name -> names.add(name.getAsString()));
        return names;
    }

    private static JsonObject object(JsonObject json, String key) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return new JsonObject();
        }
        if (!value.isJsonObject()) {
            throw new StartupException("config: '" + key + "' must be an object");
        }
        return value.getAsJsonObject();
    }

    private static Optional<String> text(JsonObject json, String key) {
        JsonElement value = json.get(key);
        return value == null || value.isJsonNull() ? Optional.empty() : Optional.of(value.getAsString());
    }

    private static void keys(JsonObject json, Set<String> allowed, String where) {
        for (String key : json.keySet()) {
            if (!allowed.contains(key)) {
                throw new StartupException("config: unknown key '" + key + "' in " + where + "; expected one of "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }
}
