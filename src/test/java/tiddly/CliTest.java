package tiddly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Flags that are refused before anything starts: exit status 2 and one line. */
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

    private static String refusal(String... args) {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Cli.run(args));
        } finally {
            System.setErr(before);
        }
        return err.toString(StandardCharsets.UTF_8).strip();
    }
}
