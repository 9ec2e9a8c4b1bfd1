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
