package tiddly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a new user reads first: {@code --help}, in process (JarIT checks the jar's). */
class HelpTest {
    @Test
    void theReplicasOptionShowsItsCommaNotTheRegexThatSplitsIt() {
        String help = help();
        assertTrue(help.contains("--db-replicas=URLS[,URLS...]"), help);
        assertFalse(help.contains("(?="), help);
    }

    @Test
    void everyOptionHasAGroupSoNoneIsListedUnderOther() {
        String help = help();
        assertFalse(help.contains("\nOther:\n"), help);
        assertTrue(help.lastIndexOf("--trusted-proxies=N") > help.indexOf("\nListening:\n"), help);
        assertTrue(help.lastIndexOf("--realtime=on|off") > help.indexOf("\nLive queries (docs/realtime.md):\n"), help);
    }

    private static String help() {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Cli.run("--help"));
        } finally {
            System.setOut(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
