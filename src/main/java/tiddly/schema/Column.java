package tiddly.schema;

import java.util.Optional;

/**
 * One reflected column.
 *
 * @param declaredType the type as written in CREATE TABLE ("VARCHAR(80)", or "" when none)
 * @param defaultValue the default's SQL text, if the column has one
 * @param primaryKey whether the column is (part of) the primary key
 * @param generated the database assigns the value when none is given (rowid alias) or always
 *     (generated column); only the latter is read-only, see {@link #readOnly()}
 * @param readOnly a generated column: never written by clients
 * @param hidden never returned and never usable in where or orderby (passwords, secrets)
 * @param comment the database's comment on the column (PostgreSQL COMMENT ON, MariaDB COMMENT)
 */
public record Column(
        String name,
        String declaredType,
        ColumnType type,
        boolean nullable,
        Optional<String> defaultValue,
        boolean primaryKey,
        boolean generated,
        boolean readOnly,
        boolean hidden,
        Optional<String> comment) {

    /** A column without a comment. */
    public Column(
            String name,
            String declaredType,
            ColumnType type,
            boolean nullable,
            Optional<String> defaultValue,
            boolean primaryKey,
            boolean generated,
            boolean readOnly,
            boolean hidden) {
        this(
                name,
                declaredType,
                type,
                nullable,
                defaultValue,
                primaryKey,
                generated,
                readOnly,
                hidden,
                Optional.empty());
    }

    /** A computed output, such as an aggregate's alias: read-only, in no table. */
    public static Column derived(String name, ColumnType type) {
        return new Column(name, "", type, true, Optional.empty(), false, true, true, false);
    }

    /** This column, hidden: never returned, never usable in where or orderby. */
    public Column hiddenCopy() {
        return new Column(
                name, declaredType, type, nullable, defaultValue, primaryKey, generated, readOnly, true, comment);
    }

    /** This column with a default, so an insert may leave it out (a rule fills it in). */
    public Column withDefault(String value) {
        return new Column(
                name,
                declaredType,
                type,
                nullable,
                Optional.of(value),
                primaryKey,
                generated,
                readOnly,
                hidden,
                comment);
    }

    /** An insert may leave this column out: it has a default, may be null, or is generated. */
    public boolean optionalOnInsert() {
        return nullable || defaultValue.isPresent() || generated;
    }
}
