package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * The night's hostile review of {@code /_rpc/name} (docs/security.md, "Attack review, 2026-12-03
 * night"): what a caller can make the server do with the functions it may call.
 */
class FunctionAttackTest {
    /**
     * 200,000 numbers, whose 150,000th fails: a statement that reads past the 100,001 rows an
     * answer is refused at fails, one that stops there does not.
     */
    private static final String NUMBERS = TestDatabase.current()
            .pick(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000)"
                            + " SELECT CASE WHEN x = 150000 THEN abs(-9223372036854775807 - 1) ELSE x END AS n FROM c",
                    "SELECT CASE WHEN x = 150000 THEN (SELECT x UNION ALL SELECT x) ELSE x END AS n"
                            + " FROM generate_series(1, 200000) AS g(x)",
                    // MariaDB stops a recursive CTE at 1,000 rows (max_recursive_iterations); its
                    // sequence engine counts further
                    "SELECT CASE WHEN seq = 150000 THEN (SELECT seq UNION ALL SELECT seq) ELSE seq END AS n"
                            + " FROM seq_1_to_200000");

    private static final String CONFIG = """
            {"queries": {"numbers": {"sql": "%s", "params": {}},
                         "add_genre": {"sql": "INSERT INTO genre (code, name) VALUES (:code, 'New')",
                                       "params": {"code": "text"}, "returns": "changed"}},
             "rules": {"anon": {"dual": {"read": true, "insert": true}, "_rpc": {"execute": true}}}}""".formatted(NUMBERS);

    @RegisterExtension
    final TiddlyServer server = fixtures(TiddlyServer.sample()).withConfig(CONFIG);

    /** A trigger that refuses some rows of {@code dual}, each database's way; on PostgreSQL, functions too. */
    private static TiddlyServer fixtures(TiddlyServer server) {
        return switch (TestDatabase.current()) {
            case SQLITE -> server.withFixture("""
                    CREATE TRIGGER refuse_dual BEFORE INSERT ON dual WHEN NEW.text = 'refused'
                    BEGIN SELECT RAISE(ABORT, 'no'); END""");
            case MARIADB -> server.withFixture("""
                    CREATE TRIGGER refuse_dual BEFORE INSERT ON `dual` FOR EACH ROW
                    BEGIN IF NEW.text = 'refused' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no'; END IF; END""");
            case POSTGRES ->
                server.withFixture("""
                            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                            BEGIN IF NEW.text = 'refused' THEN RAISE EXCEPTION 'no'; END IF; RETURN NEW; END $$""")
                        .withFixture(
                                "CREATE TRIGGER refuse_dual BEFORE INSERT ON dual FOR EACH ROW EXECUTE FUNCTION refuse()")
                        .withFixture(
                                "CREATE FUNCTION pair() RETURNS record LANGUAGE sql STABLE AS $$ SELECT 1, 'a'::text $$")
                        .withFixture("CREATE DOMAIN positive AS bigint CHECK (VALUE > 0)")
                        .withFixture(
                                "CREATE FUNCTION twice(n positive) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT n * 2 $$");
        };
    }

    /**
     * A function that writes is called in a transaction, not streamed: its rows were all read into
     * the server's memory before they were counted, so one call of a function that returns a few
     * million rows (a volatile {@code SETOF} function given a large argument) took the whole heap
     * (5 million integers filled 512 MB: OutOfMemoryError). Reading now stops one row past the
     * bound, and the answer is refused.
     */
    @Test
    void aFunctionThatReturnsMoreRowsThanAnAnswerHoldsIsRefusedBeforeItsRowsAreAllRead() {
        server.http()
                .body("{}")
                .post("/_rpc/numbers")
                .then()
                .statusCode(400)
                .body("code", equalTo("query_too_complex"));
    }

    /**
     * A function's own statement that breaks a constraint was a 500 with a stack trace in the log
     * (at will: call it twice), where the same write to a table is a 409.
     */
    @Test
    void aFunctionsWriteThatBreaksAUniqueKeyIsA409NotA500() {
        server.http()
                .body("{\"code\": \"sf\"}")
                .post("/_rpc/add_genre")
                .then()
                .statusCode(409)
                .body("code", equalTo("unique_violation"))
                .body("error", equalTo("a row with the same key or unique value already exists; nothing was written"));
    }

    /**
     * A trigger (or function) that refuses with {@code RAISE EXCEPTION}, {@code SIGNAL} or
     * SQLite's {@code RAISE(ABORT, …)} is the schema's own validation: its refusal was a 500.
     */
    @Test
    void aTriggerThatRefusesAWriteIsA400NotA500() {
        server.http()
                .body("{\"text\": \"refused\"}")
                .post("/dual")
                .then()
                .statusCode(400)
                .body("code", equalTo("database_refused"));
        server.http().body("{\"text\": \"fine\"}").post("/dual").then().statusCode(201);
    }

    /**
     * A PostgreSQL function that returns {@code record} was offered, and every call of it was a
     * 500: {@code SELECT * FROM f()} needs a column definition list.
     */
    @Test
    void aPostgresFunctionThatReturnsARecordIsNotOffered() {
        assumeTrue(TestDatabase.current() == TestDatabase.POSTGRES, "PostgreSQL functions");
        server.http().get("/_rpc/pair").then().statusCode(404).body("code", equalTo("unknown_function"));
        server.http().get("/_rpc/twice?n=2").then().statusCode(200).body("data", equalTo(4));
    }

    /** An argument its domain's check refuses was a 500. */
    @Test
    void aPostgresArgumentThatBreaksItsDomainIsA409NotA500() {
        assumeTrue(TestDatabase.current() == TestDatabase.POSTGRES, "PostgreSQL functions");
        server.http().get("/_rpc/twice?n=-1").then().statusCode(409).body("code", equalTo("check_violation"));
    }
}
