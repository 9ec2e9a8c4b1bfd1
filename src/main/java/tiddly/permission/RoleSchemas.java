package tiddly.permission;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tiddly.schema.Column;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * The schema as a role sees it: its hidden columns hidden like passwords, the columns its insert
 * rule fills in optional; and, for /_schema, only the tables it may read.
 */
final class RoleSchemas {
    private final Rules rules;
    private final Schema schema;

    RoleSchemas(Rules rules, Schema schema) {
        this.rules = rules;
        this.schema = schema;
    }

    /** The tables {@code role} may read, as it sees them: what /_schema shows it. */
    public Schema readable(String role) {
        if (rules.open()) {
            return schema;
        }
        return new Schema(schema(role).tables().stream()
                .filter(table -> rules.rule(role, table.name())
                        .map(rule -> rule.access(Verb.READ).allowed())
                        .orElse(false))
                .toList());
    }

    /** The schema as {@code role} sees it: its hidden columns hidden like passwords. */
    public Schema schema(String role) {
        if (rules.open()) {
            return schema;
        }
        List<Table> tables = new ArrayList<>();
        for (Table table : schema.tables()) {
            Optional<TableRule> rule = rules.rule(role, table.name());
            Set<String> hidden = rule.map(TableRule::hidden).orElse(Set.of());
            Set<String> forced =
                    rule.map(found -> found.access(Verb.INSERT).set().keySet()).orElse(Set.of());
            List<Column> columns = table.columns().stream()
                    .map(column -> hidden.contains(column.name()) ? column.hiddenCopy() : column)
                    .map(column -> forced.contains(column.name()) ? column.withDefault("set by rule") : column)
                    .toList();
            tables.add(new Table(
                    table.name(),
                    table.view(),
                    columns,
                    table.primaryKey(),
                    table.uniqueKeys(),
                    table.foreignKeys(),
                    table.writable(),
                    table.comment(),
                    table.searchIndexes()));
        }
        return new Schema(tables);
    }
}
