package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.Settings;
import tiddly.StartupException;
import tiddly.Tiddly;

/** A bad security configuration stops the server at start-up with one clear sentence. */
class ConfigTest {
    @TempDir
    Path folder;

    private String refusal(Settings settings) throws IOException {
        Files.copy(Path.of("tiddly.db.sample"), folder.resolve("t.db"));
        Settings base = settings.withDb(folder.resolve("t.db").toString()).withPort(0);
        return assertThrows(StartupException.class, () -> Tiddly.start(base).close())
                .getMessage();
    }

    private Settings config(String json) throws IOException {
        Path file = folder.resolve("config.json");
        Files.writeString(file, json);
        return Settings.defaults().withConfig(file);
    }

    @Test
    void aRuleForAMissingTableStopsTheServer() throws IOException {
        assertEquals(
                "rule user.nope names no table of the database",
                refusal(config("{\"rules\": {\"user\": {\"nope\": {\"read\": true}}}}")));
    }

    @Test
    void aRuleNamingAMissingColumnStopsTheServer() throws IOException {
        assertTrue(refusal(config(
                        "{\"rules\": {\"user\": {\"book\": {\"read\": {\"where\": {\"owner\": \"$auth.sub\"}}}}}}"))
                .startsWith("rule user.book.read: unknown column 'owner'"));
    }

    @Test
    void aVerbThatIsNeitherBooleanNorObjectStopsTheServer() throws IOException {
        assertEquals(
                "config: rules.user.book.read must be true, false or an object with where and set, not \"yes\"",
                refusal(config("{\"rules\": {\"user\": {\"book\": {\"read\": \"yes\"}}}}")));
    }

    @Test
    void aMissingConfigFileIsNamed() throws IOException {
        Path missing = folder.resolve("nope.json");
        assertEquals(
                "config file " + missing + " does not exist",
                refusal(Settings.defaults().withConfig(missing)));
    }

    @Test
    void aPublicAddressWithoutRulesIsRefused() throws IOException {
        assertTrue(refusal(Settings.defaults().withHost("0.0.0.0"))
                .startsWith("refusing to listen on 0.0.0.0 with no rules"));
    }
}
