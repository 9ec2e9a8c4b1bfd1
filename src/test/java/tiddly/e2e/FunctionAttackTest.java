package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;

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
            {"queries": {"numbers": {"sql": "%s", "params": {}}},
             "rules": {"anon": {"_rpc": {"execute": true}}}}""".formatted(NUMBERS);

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig(CONFIG);

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
}
