package tiddly.permission;

import java.util.Map;
import java.util.Set;

/**
 * A role's rules for one table (or, under "*", for every table it has no entry for).
 *
 * @param name how errors name the rule: "user.book"
 * @param hidden columns this role never sees nor filters by
 * @param readOnly columns this role may not write (403)
 */
public record TableRule(String name, Map<Verb, Access> access, Set<String> hidden, Set<String> readOnly) {
    public TableRule {
        access = Map.copyOf(access);
        hidden = Set.copyOf(hidden);
        readOnly = Set.copyOf(readOnly);
    }

    public Access access(Verb verb) {
        return access.getOrDefault(verb, Access.DENIED);
    }
}
