package tiddly.sql;

import java.util.ArrayList;
import java.util.List;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * PostgreSQL triggers, installed only on request ({@code --realtime-triggers}), that append the
 * writes of other programs (plain SQL, migrations, other backends) to the outbox as Tiddly's own
 * writes do. They are deferred constraint triggers: they run at commit, after Tiddly's own write
 * has marked its transaction ({@link #MARK}, set with the outbox lock), so a write through Tiddly
 * is recorded once, by Tiddly. At commit they take the same lock, so ids stay in commit order, and
 * send the same NOTIFY.
 */
final class Triggers {
    /** The transaction-local setting by which Tiddly's writes tell the triggers they record themselves. */
    static final String MARK = "tiddly.recorded";

    static final String FUNCTION = "_tiddly_record_change";
    static final String TRIGGER = "_tiddly_changes";

    private final Dialect dialect;

    Triggers(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The statements that (re)create the function and one trigger per table with a primary key. */
    List<String> install(Schema schema) {
        List<String> statements = new ArrayList<>();
        statements.add(function());
        for (Table table : schema.tables()) {
            if (table.primaryKey().isEmpty()) {
                continue; // rows without a key cannot be told apart: Tiddly records none either
            }
            String name = dialect.quote(table.name());
            statements.add("DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + name);
            statements.add("CREATE CONSTRAINT TRIGGER " + TRIGGER + " AFTER INSERT OR UPDATE OR DELETE ON " + name
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION " + FUNCTION + "()");
        }
        return statements;
    }

    private static String function() {
        return "CREATE OR REPLACE FUNCTION " + FUNCTION + "() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                + "BEGIN\n"
                + "  IF coalesce(current_setting('" + MARK + "', true), '') = 'on' THEN\n"
                + "    RETURN NULL; -- a write through Tiddly, which recorded it\n"
                + "  END IF;\n"
                + "  IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN\n"
                + "    RETURN NULL; -- no change\n"
                + "  END IF;\n"
                + "  PERFORM pg_advisory_xact_lock('" + Outbox.TABLE + "'::regclass::oid::bigint);\n"
                + "  INSERT INTO " + Outbox.TABLE + " (table_name, op, old_row, new_row, at) VALUES (\n"
                + "    TG_TABLE_NAME, lower(TG_OP),\n"
                + "    CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD)::text END,\n"
                + "    CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW)::text END,\n"
                + "    (extract(epoch FROM clock_timestamp()) * 1000)::bigint);\n"
                + "  PERFORM pg_notify('" + Outbox.CHANNEL + "', '" + Outbox.TABLE + "'::regclass::oid::text);\n"
                + "  RETURN NULL;\n"
                + "END $$";
    }
}
