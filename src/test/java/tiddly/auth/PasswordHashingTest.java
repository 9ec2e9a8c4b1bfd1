package tiddly.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tiddly.query.Insert;
import tiddly.query.OnConflict;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.ColumnType;
import tiddly.schema.Table;

class PasswordHashingTest {
    private static final Column ID = column("id", ColumnType.INTEGER, false);
    private static final Column EMAIL = column("email", ColumnType.TEXT, false);
    private static final Column PASSWORD = column("password", ColumnType.TEXT, true);
    private static final Table USER =
            new Table("user", false, List.of(ID, EMAIL, PASSWORD), List.of(ID), List.of(), List.of());
    private static final Table NOTE =
            new Table("note", false, List.of(ID, PASSWORD), List.of(ID), List.of(), List.of());

    private final Passwords passwords = new Passwords();
    private final PasswordHashing hashing = new PasswordHashing(
            Optional.of(new UsersTable("user", "email", "password", Optional.empty(), "user")), passwords);

    private static Column column(String name, ColumnType type, boolean hidden) {
        return new Column(name, type.name(), type, true, Optional.empty(), name.equals("id"), false, false, hidden);
    }

    private static Row row(Object... pairs) {
        Map<Column, Object> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((Column) pairs[i], pairs[i + 1]);
        }
        return new Row(values);
    }

    private void assertHashOf(String plain, Object stored) {
        assertTrue(stored instanceof String hash && hash.startsWith("$2b$10$"), String.valueOf(stored));
        assertTrue(passwords.matches(plain, Optional.of((String) stored)));
    }

    @Test
    void insertsAndUpsertsIntoTheUsersTableStoreHashes() {
        Insert insert = new Insert(
                USER,
                List.of(row(EMAIL, "a@x", PASSWORD, "a-secret"), row(EMAIL, "b@x", PASSWORD, "b-secret")),
                false,
                Optional.of(new OnConflict(OnConflict.Action.UPDATE, List.of(EMAIL))));
        Insert hashed = (Insert) hashing.apply(insert);
        assertHashOf("a-secret", hashed.rows().get(0).values().get(PASSWORD));
        assertHashOf("b-secret", hashed.rows().get(1).values().get(PASSWORD));
        assertEquals("a@x", hashed.rows().get(0).values().get(EMAIL));
        assertEquals(insert.onConflict(), hashed.onConflict());
        assertEquals(
                List.of(EMAIL, PASSWORD),
                List.copyOf(hashed.rows().get(0).values().keySet()),
                "column order kept");
    }

    @Test
    void updatesOfTheUsersTableStoreHashes() {
        Where key = new Where.Compare(ID, Where.Operator.EQ, 1L);
        Update update = new Update(USER, key, row(PASSWORD, "x"), true, Optional.empty(), Optional.of(key));
        Update hashed = (Update) hashing.apply(update);
        assertHashOf("x", hashed.values().values().get(PASSWORD));
        assertEquals(update.where(), hashed.where());
        assertEquals(update.check(), hashed.check());
        assertTrue(hashed.single());
    }

    @Test
    void whatIsNotAPasswordOfTheUsersTableIsLeftAlone() {
        Query other = new Insert(NOTE, List.of(row(PASSWORD, "not a user's")), true, Optional.empty());
        assertSame(other, hashing.apply(other));
        Insert noPassword =
                (Insert) hashing.apply(new Insert(USER, List.of(row(EMAIL, "a@x")), true, Optional.empty()));
        assertEquals(Map.of(EMAIL, "a@x"), noPassword.rows().get(0).values());
        Map<Column, Object> nullPassword = new HashMap<>();
        nullPassword.put(PASSWORD, null);
        Update cleared =
                (Update) hashing.apply(new Update(USER, Where.ALL, new Row(nullPassword), false, Optional.empty()));
        assertNull(cleared.values().values().get(PASSWORD));
        Query open = new Insert(USER, List.of(row(PASSWORD, "x")), true, Optional.empty());
        assertSame(open, new PasswordHashing(Optional.empty(), passwords).apply(open), "no users table configured");
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsA400() {
        InvalidPasswordException e = assertThrows(
                InvalidPasswordException.class,
                () -> hashing.apply(new Insert(USER, List.of(row(PASSWORD, "x".repeat(80))), true, Optional.empty())));
        assertEquals(400, e.status());
        assertEquals("invalid_value", e.code());
        assertEquals("column 'password' is 80 bytes long in UTF-8; bcrypt uses at most 72", e.getMessage());
    }
}
