package tiddly.permission;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tiddly.auth.Identity;
import tiddly.query.Delete;
import tiddly.query.Embed;
import tiddly.query.Fetch;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Precondition;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.request.RuleParser;
import tiddly.schema.Column;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * The permission step, between request and sql: it refuses what the caller's role may not do and
 * ANDs the role's row rules into what it may, so every verb, embed, has, count, cursor and batch
 * operation is covered by construction. Pure: no I/O.
 */
public final class Permissions {

    private final Rules rules;
    private final Schema schema;
    private final RuleParser rulesParser;
    private final RoleSchemas roleSchemas;

    /** @param schema the full schema: rules may name any column */
    public Permissions(Rules rules, Schema schema) {
        this.rules = rules;
        this.schema = schema;
        this.rulesParser = new RuleParser(schema);
        this.roleSchemas = new RoleSchemas(rules, schema);
    }

    public boolean open() {
        return rules.open();
    }

    /**
     * Refuses a call whose verb the role may not use on the table, before its body is even read,
     * so a denied caller learns nothing about the table from validation errors.
     */
    public void admit(Identity identity, String verb, String tableName) {
        if (rules.open()) {
            return;
        }
        Verb needed = switch (verb) {
            case "POST" -> Verb.INSERT;
            case "PUT" -> Verb.UPDATE;
            case "DELETE" -> Verb.DELETE;
            default -> Verb.READ;
        };
        schema.table(tableName).ifPresent(table -> require(identity, table, needed));
    }

    /** {@code query} as {@code identity} may run it, or an {@link AccessDeniedException}. */
    public Query restrict(Identity identity, Query query) {
        if (rules.open()) {
            return query;
        }
        if (query instanceof Fetch fetch) {
            return read(identity, fetch);
        }
        if (query instanceof Insert insert) {
            TableRule rule = require(identity, insert.table(), Verb.INSERT);
            Access access = rule.access(Verb.INSERT);
            List<Row> rows = new ArrayList<>();
            for (Row row : insert.rows()) {
                rows.add(forced(identity, insert.table(), access, writable(rule, row)));
            }
            Where visible = access.where().isPresent()
                    ? where(identity, insert.table(), access)
                    : rowRule(identity, insert.table(), Verb.READ);
            return new Insert(
                    insert.table(),
                    rows,
                    insert.single(),
                    insert.onConflict().map(conflict -> upsert(identity, insert.table(), rule, conflict)),
                    checked(visible));
        }
        if (query instanceof Update update) {
            TableRule rule = require(identity, update.table(), Verb.UPDATE);
            Where own = where(identity, update.table(), rule.access(Verb.UPDATE));
            return new Update(
                    update.table(),
                    update.where()
                            .and(own)
                            .and(readable(identity, update.table()))
                            .and(hasRules(identity, update.where())),
                    writable(rule, update.values()),
                    update.single(),
                    blind(identity, update.table(), rule, update.where(), update.precondition()),
                    checked(own));
        }
        Delete delete = (Delete) query;
        TableRule rule = require(identity, delete.table(), Verb.DELETE);
        Where own = where(identity, delete.table(), rule.access(Verb.DELETE));
        return new Delete(
                delete.table(),
                delete.where().and(own).and(readable(identity, delete.table())).and(hasRules(identity, delete.where())),
                delete.single(),
                blind(identity, delete.table(), rule, delete.where(), delete.precondition()));
    }

    /**
     * A role that may not read the table writes blind: it picks rows by key only, and a 412 shows it
     * neither the row nor its ETag, so it cannot read through its writes.
     */
    private static Optional<Precondition> blind(
            Identity identity, Table table, TableRule rule, Where asked, Optional<Precondition> precondition) {
        if (rule.access(Verb.READ).allowed()) {
            return precondition;
        }
        BlindWrites.requireKeysOnly(identity, table, rule.name(), asked);
        return precondition.map(Precondition::blind);
    }

    /** Whether the caller's role may read the table at all; if not, its writes there answer keys only. */
    public boolean mayRead(Identity identity, Table table) {
        return rules.open()
                || rules.rule(identity.role(), table.name())
                        .map(rule -> rule.access(Verb.READ).allowed())
                        .orElse(false);
    }

    /**
     * An upsert's update is an update: the role needs that verb, changes only rows its update rule
     * allows and its read rule shows, and never overwrites what a rule sets (the owner) or forbids
     * (read-only columns).
     */
    private OnConflict upsert(Identity identity, Table table, TableRule rule, OnConflict conflict) {
        if (conflict.action() == OnConflict.Action.IGNORE) {
            return conflict;
        }
        if (!rule.access(Verb.READ).allowed()) {
            BlindWrites.requireKeyTarget(identity, table, rule.name(), conflict.columns());
        }
        // as a PUT's, the update reaches only rows the caller may also read: another's row is a 409
        Where own = where(identity, table, require(identity, table, Verb.UPDATE).access(Verb.UPDATE))
                .and(readable(identity, table));
        Set<Column> unchanged = new HashSet<>();
        for (Column column : table.columns()) {
            if (rule.readOnly().contains(column.name())
                    || rule.access(Verb.INSERT).set().has(column.name())) {
                unchanged.add(column);
            }
        }
        // ANDed, not replaced: an update hook may have narrowed it already
        return new OnConflict(
                conflict.action(), conflict.columns(), conflict.where().and(own), unchanged);
    }

    /** Whether the caller may call {@code function} of {@code /_rpc}: its role's execute rule. */
    public boolean mayExecute(Identity identity, String function, boolean readOnly) {
        return rules.mayExecute(identity.role(), function, readOnly);
    }

    /** Refuses a call of a function the caller's role may not execute: 401 anonymous, 403 known. */
    public void admitCall(Identity identity, String function, boolean readOnly) {
        if (!mayExecute(identity, function, readOnly)) {
            throw new AccessDeniedException(
                    identity.anonymous(), "role '" + identity.role() + "' may not execute function '" + function + "'");
        }
    }

    /** The role whose rules apply to {@code role}: what per-role caches key on. */
    public String effectiveRole(String role) {
        return rules.effectiveRole(role);
    }

    /** Whether {@code role} may use {@code verb} on {@code table} (on some rows, if its rule has a where). */
    public boolean allows(String role, String table, Verb verb) {
        return rules.open()
                || rules.rule(role, table)
                        .map(rule -> rule.access(verb).allowed())
                        .orElse(false);
    }

    /** The columns of {@code table} that {@code role} may not write (its rule's read_only). */
    public Set<String> readOnly(String role, String table) {
        return rules.rule(role, table).map(TableRule::readOnly).orElse(Set.of());
    }

    /** The tables {@code role} may read, as it sees them: what /_schema shows it. */
    public Schema readable(String role) {
        return roleSchemas.readable(role);
    }

    /** The schema as {@code role} sees it: its hidden columns hidden like passwords. */
    public Schema schema(String role) {
        return roleSchemas.schema(role);
    }

    /** Checks every rule against the schema at start-up (see {@link RuleCheck}). */
    public void validate() {
        new RuleCheck(rules, schema, rulesParser).run();
    }

    private Fetch read(Identity identity, Fetch fetch) {
        Where where =
                fetch.where().and(rowRule(identity, fetch.table(), Verb.READ)).and(hasRules(identity, fetch.where()));
        List<Embed> embeds = new ArrayList<>();
        for (Embed embed : fetch.embeds()) {
            embeds.add(new Embed(embed.relation(), read(identity, embed.fetch())));
        }
        return fetch.restricted(where, embeds);
    }

    /**
     * A write answers with the row, so it only reaches rows the role may read: others look missing
     * (404). A role that may write but not read a table writes blind, within its write rule.
     */
    private Where readable(Identity identity, Table table) {
        Optional<TableRule> rule = rules.rule(identity.role(), table.name());
        return rule.filter(found -> found.access(Verb.READ).allowed())
                .map(found -> where(identity, table, found.access(Verb.READ)))
                .orElse(Where.ALL);
    }

    /** For each {@code has} in a where, the related table's read rule, so no row is probed through it. */
    private Where hasRules(Identity identity, Where where) {
        List<Where> rules = new ArrayList<>();
        collectHas(identity, where, rules);
        return rules.isEmpty() ? Where.ALL : new Where.And(rules);
    }

    private void collectHas(Identity identity, Where where, List<Where> found) {
        if (where instanceof Where.Has has) {
            Table other = has.relation().other();
            Where rule = rowRule(identity, other, Verb.READ);
            if (!rule.equals(Where.ALL)) {
                found.add(new Where.Has(has.relation(), has.where().and(rule)));
            }
            collectHas(identity, has.where(), found);
        } else if (where instanceof Where.And and) {
            and.parts().forEach(part -> collectHas(identity, part, found));
        } else if (where instanceof Where.Or or) {
            or.parts().forEach(part -> collectHas(identity, part, found));
        } else if (where instanceof Where.Not not) {
            collectHas(identity, not.part(), found);
        }
    }

    /** The row rule of an allowed verb: ALL when it has none. */
    private Where rowRule(Identity identity, Table table, Verb verb) {
        return where(identity, table, require(identity, table, verb).access(verb));
    }

    private TableRule require(Identity identity, Table table, Verb verb) {
        Optional<TableRule> rule = rules.rule(identity.role(), table.name());
        if (rule.isEmpty() || !rule.get().access(verb).allowed()) {
            String name = rule.map(TableRule::name).orElse(identity.role() + "." + table.name());
            String what = verb.name().toLowerCase(Locale.ROOT);
            throw new AccessDeniedException(
                    identity.anonymous(),
                    identity.anonymous()
                            ? "sign in to " + what + " '" + table.name() + "': anonymous callers may not (rule " + name
                                    + "." + what + ")"
                            : "role '" + identity.role() + "' may not " + what + " '" + table.name() + "' (rule " + name
                                    + "." + what + ")");
        }
        return rule.get();
    }

    private Where where(Identity identity, Table table, Access access) {
        if (access.where().isEmpty()) {
            return Where.ALL;
        }
        Optional<JsonElement> resolved =
                Placeholders.resolve(identity::claim, access.where().get());
        return resolved.map(json -> rulesParser.where(schema.require(table.name()), json))
                .orElse(new Where.Or(List.of())); // a placeholder the caller has no claim for matches no row
    }

    private static Optional<Where> checked(Where where) {
        return where.equals(Where.ALL) ? Optional.empty() : Optional.of(where);
    }

    private static Row writable(TableRule rule, Row row) {
        for (Column column : row.values().keySet()) {
            if (rule.readOnly().contains(column.name())) {
                throw new AccessDeniedException(
                        false, "column '" + column.name() + "' is read-only (rule " + rule.name() + ".read_only)");
            }
        }
        return row;
    }

    /** The row with the rule's {@code set} values, such as the owner taken from the token. */
    private Row forced(Identity identity, Table table, Access access, Row row) {
        if (access.set().isEmpty()) {
            return row;
        }
        Map<Column, Object> values = new LinkedHashMap<>(row.values());
        for (Map.Entry<String, JsonElement> entry : access.set().entrySet()) {
            Column column = table.column(entry.getKey()).orElseThrow();
            JsonElement value = Placeholders.resolve(identity::claim, entry.getValue())
                    .orElseThrow(() -> new AccessDeniedException(
                            identity.anonymous(),
                            "this insert sets '" + column.name() + "' from the caller's token, which has none"));
            values.put(column, value.isJsonNull() ? null : rulesParser.value(column, value.getAsString()));
        }
        return new Row(values);
    }
}
