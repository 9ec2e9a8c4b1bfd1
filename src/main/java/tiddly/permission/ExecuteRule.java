package tiddly.permission;

import java.util.Set;

/**
 * A role's {@code execute} rule for {@code /_rpc}: the functions it may call, by name, or every one.
 *
 * @param functions names; "*" for every function
 * @param readOnlyOnly only functions that change nothing (the anonymous read-only mode)
 */
public record ExecuteRule(Set<String> functions, boolean readOnlyOnly) {
    public ExecuteRule {
        functions = Set.copyOf(functions);
    }

    public boolean allows(String function, boolean readOnly) {
        return (readOnly || !readOnlyOnly) && (functions.contains("*") || functions.contains(function));
    }
}
