package tiddly.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SQLite's declared types → Tiddly's types: affinity rules, except the names JSON and JSONB. */
class ColumnTypeTest {
    @Test
    void jsonAndJsonbInAnyCaseAreJsonAlthoughTheirAffinityIsNumeric() {
        assertEquals(ColumnType.JSON, ColumnType.ofDeclared("JSON"));
        assertEquals(ColumnType.JSON, ColumnType.ofDeclared("json"));
        assertEquals(ColumnType.JSON, ColumnType.ofDeclared("JsonB"));
    }

    @Test
    void namesThatOnlyContainJsonKeepTheirAffinity() {
        assertEquals(ColumnType.TEXT, ColumnType.ofDeclared("TEXT JSON"));
        assertEquals(ColumnType.TEXT, ColumnType.ofDeclared("JSON_TEXT"));
        assertEquals(ColumnType.NUMERIC, ColumnType.ofDeclared("JSON5"));
        assertEquals(ColumnType.BLOB, ColumnType.ofDeclared("JSON BLOB"));
    }
}
