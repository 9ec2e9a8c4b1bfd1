package tiddly.openapi;

import java.util.List;
import java.util.Set;
import tiddly.permission.Verb;
import tiddly.schema.Column;
import tiddly.schema.Table;

/**
 * One table as a role may use it.
 *
 * @param table the table as the role sees it (its hidden columns hidden)
 * @param verbs what the role may do with its rows; a view is only read
 * @param readOnly columns the role's rule forbids it to write
 * @param links the relations to tables the role may read, for embed and has
 */
record Grant(Table table, Set<Verb> verbs, Set<String> readOnly, List<Link> links) {
    Grant {
        verbs = Set.copyOf(verbs);
        readOnly = Set.copyOf(readOnly);
        links = List.copyOf(links);
    }

    /**
     * A relation by name, as the request stage finds it: from book, "author" is book's foreign
     * key to author; from author, "book" is book's foreign key to it.
     *
     * @param many the other table holds the foreign key: an embed gives an array
     */
    record Link(String name, Table other, boolean many) {}

    boolean may(Verb verb) {
        return verbs.contains(verb);
    }

    boolean writes() {
        return may(Verb.INSERT) || may(Verb.UPDATE) || may(Verb.DELETE);
    }

    /** The columns the role may read and filter by. */
    List<Column> visible() {
        return table.visibleColumns();
    }

    /** Whether the role may write {@code column}: not generated, not read-only by its rule. */
    boolean writable(Column column) {
        return !column.readOnly() && !readOnly.contains(column.name());
    }
}
