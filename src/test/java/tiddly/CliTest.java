package tiddly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Flags that are refused before anything starts: exit status 2 (usage) or 1 (cannot start) and one line. */
class CliTest {
    @Test
    void trustedProxiesWithoutTrustProxyIsRefused() {
        assertEquals(
                "tiddly: --trusted-proxies needs --trust-proxy: without it no header is believed (see --help)",
                refusal("--trusted-proxies", "2"));
    }

    @Test
    void trustedProxiesBelowOneIsRefused() {
        assertEquals(
                "tiddly: --trusted-proxies must be at least 1 (see --help)",
                refusal("--trust-proxy", "--trusted-proxies", "0"));
    }

    @Test
    void aPublishedOrShortCursorSecretRefusesToStart() {
        assertEquals(
                "tiddly: --cursor-secret is shorter than 32 bytes: it needs at least 256 random bits",
                refusal(1, "--cursor-secret", "docs-examples-cursor-secret"));
        assertEquals(
                "tiddly: --cursor-secret is a published example or placeholder: anyone could use it. Set a random"
                        + " one (openssl rand -base64 48), preferably from the environment",
                refusal(1, "--cursor-secret", "replace-me-with-32-or-more-random-bytes-0123456789"));
    }

    @Test
    void readReplicasMustBePostgresUrlsForAPostgresDatabase() {
        assertEquals(
                "tiddly: --db-replicas: 'postgres://db2/shop' is not a jdbc:postgresql: URL (see --help)",
                refusal("--db", "jdbc:postgresql://db1/shop", "--db-replicas", "postgres://db2/shop"));
        assertEquals( // the second of two, its password masked
                "tiddly: --db-replicas: 'postgresql://tiddly:***@db3/shop' is not a jdbc:postgresql: URL (see --help)",
                refusal(
                        "--db",
                        "jdbc:postgresql://db1/shop",
                        "--db-replicas",
                        "jdbc:postgresql://db2/shop,postgresql://tiddly:secret@db3/shop"));
        assertEquals(
                "tiddly: --db-replicas needs a PostgreSQL --db (jdbc:postgresql:) (see --help)",
                refusal("--db", "tiddly.db", "--db-replicas", "jdbc:postgresql://db2/shop"));
        assertEquals(
                "tiddly: --db-replica-max-lag must be at least 1 (see --help)",
                refusal(
                        "--db",
                        "jdbc:postgresql://db1/shop",
                        "--db-replicas",
                        "jdbc:postgresql://db2/shop",
                        "--db-replica-max-lag",
                        "0"));
    }

    private static String refusal(String... args) {
        return refusal(2, args);
    }

    private static String refusal(int status, String... args) {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(status, Cli.run(args));
        } finally {
            System.setErr(before);
        }
        return err.toString(StandardCharsets.UTF_8).strip();
    }
}
