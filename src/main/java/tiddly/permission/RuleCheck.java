package tiddly.permission;

import com.google.gson.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tiddly.StartupException;
import tiddly.TiddlyException;
import tiddly.query.Where;
import tiddly.request.RuleParser;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/** Rules checked against the schema at start-up, so a typo stops the server, not a request. */
final class RuleCheck {
    private final Rules rules;
    private final Schema schema;
    private final RuleParser rulesParser;

    RuleCheck(Rules rules, Schema schema, RuleParser rulesParser) {
        this.rules = rules;
        this.schema = schema;
        this.rulesParser = rulesParser;
    }

    /**
     * Checks every rule against the schema at start-up: tables, columns and operators must exist.
     * Placeholders stand in as "0"; a value that does not fit its column is only known per request.
     */
    void run() {
        rules.roles()
                .forEach((role, tables) -> tables.forEach((name, rule) -> {
                    if (!name.equals("*") && schema.table(name).isEmpty()) {
                        throw new StartupException("rule " + rule.name() + " names no table of the database");
                    }
                    List<Table> covered = name.equals("*")
                            ? schema.tables().stream()
                                    .filter(table -> !tables.containsKey(table.name()))
                                    .toList()
                            : List.of(schema.require(name));
                    for (Table table : covered) {
                        validate(rule, table, !name.equals("*"));
                    }
                }));
    }

    /**
     * Whether {@code verb}'s row rule is checked against written rows: the insert and update rules,
     * and the read rule of a role that may insert without an insert rule of its own.
     */
    private static boolean checksWrites(TableRule rule, Verb verb) {
        Access insert = rule.access(Verb.INSERT);
        return switch (verb) {
            case INSERT, UPDATE -> true;
            case READ -> insert.allowed() && insert.where().isEmpty();
            default -> false;
        };
    }

    /** @param explicit a rule for this table by name, whose hidden and read-only columns must exist */
    private void validate(TableRule rule, Table table, boolean explicit) {
        Set<String> named = new HashSet<>(rule.hidden());
        named.addAll(rule.readOnly());
        for (String column : named) {
            if (explicit && table.column(column).isEmpty()) {
                throw new StartupException("rule " + rule.name() + " names no column '" + column + "'");
            }
        }
        for (Verb verb : Verb.values()) {
            Optional<JsonObject> where = rule.access(verb).where();
            if (where.isEmpty()) {
                continue;
            }
            try {
                Where parsed = rulesParser.where(
                        table,
                        Placeholders.resolve(claim -> Optional.of("0"), where.get())
                                .orElseThrow());
                if (checksWrites(rule, verb)
                        && !parsed.decidedByRow()
                        && table.writable()
                        && table.primaryKey().isEmpty()) {
                    throw new StartupException(
                            "rule " + rule.name() + "." + verb.name().toLowerCase(Locale.ROOT)
                                    + (explicit ? "" : " (for table '" + table.name() + "')")
                                    + ": a JSON path, has or search in a rule that checks written rows needs a primary key"
                                    + " to find those rows again, and table '" + table.name() + "' has none;"
                                    + " compare plain columns, or give the table a primary key");
                }
            } catch (TiddlyException e) {
                if (!e.code().equals("invalid_value")) {
                    throw new StartupException(
                            "rule " + rule.name() + "." + verb.name().toLowerCase(Locale.ROOT)
                                    + (explicit ? "" : " (for table '" + table.name() + "')") + ": " + e.getMessage());
                }
            }
        }
    }
}
