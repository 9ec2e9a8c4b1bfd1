package tiddly.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tiddly.query.Insert;
import tiddly.query.Query;
import tiddly.query.Row;
import tiddly.query.Update;
import tiddly.schema.Column;

/**
 * A pure step after permissions: a password written to the users table (insert, upsert or update)
 * is stored as a bcrypt hash, never as sent. Clients send the plain password; what they send is
 * always hashed, so a hash sent in its place would be hashed again. In every security mode, as
 * long as auth.users names the table.
 */
public final class PasswordHashing {
    private final Optional<UsersTable> users;
    private final Passwords passwords;

    PasswordHashing(Optional<UsersTable> users, Passwords passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    /** {@code query}, with any password it writes hashed. */
    public Query apply(Query query) {
        if (users.isEmpty() || !query.table().name().equals(users.get().table())) {
            return query;
        }
        if (query instanceof Insert insert) {
            List<Row> rows = new ArrayList<>();
            insert.rows().forEach(row -> rows.add(hashed(row)));
            return new Insert(insert.table(), rows, insert.single(), insert.onConflict(), insert.check());
        }
        if (query instanceof Update update) {
            return new Update(
                    update.table(),
                    update.where(),
                    hashed(update.values()),
                    update.single(),
                    update.precondition(),
                    update.check());
        }
        return query;
    }

    private Row hashed(Row row) {
        String name = users.orElseThrow().password();
        Map<Column, Object> values = new LinkedHashMap<>(row.values());
        for (Map.Entry<Column, Object> value : values.entrySet()) {
            if (value.getKey().name().equals(name) && value.getValue() != null) {
                value.setValue(passwords.hash(plain(name, value.getValue())));
            }
        }
        return new Row(values);
    }

    private static String plain(String column, Object value) {
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
        if (text.isEmpty()) {
            throw InvalidPasswordException.empty(column);
        }
        if (!Passwords.fits(text)) {
            throw InvalidPasswordException.tooLong(column, text.getBytes(StandardCharsets.UTF_8).length);
        }
        return text;
    }
}
