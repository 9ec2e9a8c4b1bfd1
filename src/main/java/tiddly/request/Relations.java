package tiddly.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tiddly.query.Relation;
import tiddly.schema.ForeignKey;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * Finds relations by name: from {@code book}, {@code author} is its foreign key to author; from
 * {@code author}, {@code book} is book's foreign key to it. Only single-column keys relate.
 */
final class Relations {
    private final Schema schema;

    Relations(Schema schema) {
        this.schema = schema;
    }

    Optional<Relation> find(Table table, String name) {
        List<Relation> found = new ArrayList<>();
        for (ForeignKey key : table.foreignKeys()) {
            if (key.referencedTable().equals(name) && key.columns().size() == 1) {
                schema.table(name)
                        .ifPresent(other -> found.add(new Relation(
                                name,
                                table.column(key.columns().get(0)).orElseThrow(),
                                other,
                                other.column(key.referencedColumns().get(0)).orElseThrow(),
                                false)));
            }
        }
        schema.table(name).ifPresent(other -> {
            for (ForeignKey key : other.foreignKeys()) {
                if (key.referencedTable().equals(table.name()) && key.columns().size() == 1) {
                    found.add(new Relation(
                            name,
                            table.column(key.referencedColumns().get(0)).orElseThrow(),
                            other,
                            other.column(key.columns().get(0)).orElseThrow(),
                            true));
                }
            }
        });
        if (found.size() > 1) {
            throw BadRequestException.invalidBody("'" + name + "' is related to '" + table.name()
                    + "' by more than one foreign key; Tiddly cannot tell which one is meant");
        }
        return found.stream().findFirst();
    }

    Relation require(Table table, String name, String where) {
        return find(table, name)
                .orElseThrow(() -> BadRequestException.invalidBody("unknown relation '" + name + "' in " + where
                        + " of table '" + table.name() + "'; a relation is a table linked to it by a foreign key"));
    }
}
