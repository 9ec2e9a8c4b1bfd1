package tiddly.schema;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The tables Tiddly exposes, read once from the database: the whitelist for every identifier. */
public final class Schema {
    private final SortedMap<String, Table> tables;

    public Schema(Collection<Table> tables) {
        SortedMap<String, Table> byName = new TreeMap<>();
        for (Table table : tables) {
            byName.put(table.name(), table);
        }
        this.tables = Collections.unmodifiableSortedMap(byName);
    }

    /** Every exposed table, by name. */
    public Collection<Table> tables() {
        return tables.values();
    }

    public Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** The table named {@code name}, or a 404 naming it. */
    public Table require(String name) {
        return table(name).orElseThrow(() -> new UnknownTableException(name));
    }
}
