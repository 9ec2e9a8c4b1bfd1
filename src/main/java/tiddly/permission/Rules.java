package tiddly.permission;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every role's rules, by table, with "*" as each role's default. With no rules at all, Tiddly is
 * open (local development); once any exists, whatever is not allowed is denied.
 */
public record Rules(Map<String, Map<String, TableRule>> roles, Map<String, ExecuteRule> execute) {
    public Rules {
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles)); // in the config's order, for the log
        execute = Map.copyOf(execute);
    }

    /** Rules for tables only: no role may call a function of {@code /_rpc}. */
    public Rules(Map<String, Map<String, TableRule>> roles) {
        this(roles, Map.of());
    }

    /** No rules: everything is allowed. */
    public static final Rules NONE = new Rules(Map.of());

    public boolean open() {
        return roles.isEmpty() && execute.isEmpty();
    }

    /** Whether {@code role} may call {@code function} by its execute rule (or "*"'s); open: anyone. */
    public boolean mayExecute(String role, String function, boolean readOnly) {
        if (open()) {
            return true;
        }
        ExecuteRule rule = execute.getOrDefault(role, execute.get("*"));
        return rule != null && rule.allows(function, readOnly);
    }

    /**
     * The role whose rules {@code role} gets: itself if named, else "*" (or "" when there is none).
     * Caches key on it, so tokens with ever new roles cannot grow them.
     */
    public String effectiveRole(String role) {
        return roles.containsKey(role) || execute.containsKey(role)
                ? role
                : roles.containsKey("*") || execute.containsKey("*") ? "*" : "";
    }

    /**
     * The role's rule for the table: its own entry, else its "*" entry, else nothing (all denied).
     * A role the rules do not name takes the "*" role's rules, if there is one.
     */
    public Optional<TableRule> rule(String role, String table) {
        Map<String, TableRule> tables = roles.getOrDefault(role, roles.getOrDefault("*", Map.of()));
        return Optional.ofNullable(tables.getOrDefault(table, tables.get("*")));
    }
}
