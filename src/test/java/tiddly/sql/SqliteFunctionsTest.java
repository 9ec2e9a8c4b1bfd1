package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SqliteFunctionsTest {
    @Test
    void tokensSumsTheVarintsOfAnFts5DocsizeEntry() {
        // a 20-token title (one byte) and a 200-token body (two bytes: 1 * 128 + 72)
        assertEquals(220, SqliteFunctions.tokens(new byte[] {20, (byte) 0x81, 0x48}));
        assertEquals(0, SqliteFunctions.tokens(new byte[] {0, 0}));
        assertEquals(0, SqliteFunctions.tokens(new byte[0]));
    }
}
