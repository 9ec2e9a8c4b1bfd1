package tiddly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 3: the server refuses to start with a JWT secret or API key that is published
 * in the repo's examples or docs, a placeholder, or not random; the example config reads its
 * secrets from the environment.
 */
class PublishedSecretsTest {
    private static final Path EXAMPLE = Path.of("tiddly.example.json");
    private static final Pattern SECRET = Pattern.compile(
            "\"jwt_secret\":\\s*\"([^\"]+)\"|TIDDLY_(?:JWT|CURSOR)_SECRET=([^\\s\"'$]+)|--cursor-secret[ =]([^\\s\"'`$]+)");
    private static final Pattern API_KEY =
            Pattern.compile("X-API-Key: ([^\\s\"']+)|\"api_keys\":\\s*\\{\\s*\"([^\"]+)\"");
    private static final String RANDOM_SECRET = "kR7vQ2mX9pL4sT8wZ1nB6cF3hJ5dG0yA";
    private static final String RANDOM_KEY = "9f2c4e7a1b8d3f60";

    @TempDir
    Path folder;

    private ConfigFile.Config read(String json, Map<String, String> environment) throws IOException {
        Path file = folder.resolve("config.json");
        Files.writeString(file, json);
        return ConfigFile.read(Optional.of(file), environment);
    }

    private String refusal(String json) {
        return assertThrows(StartupException.class, () -> read(json, Map.of())).getMessage();
    }

    @Test
    void theExampleConfigReadsItsSecretsFromTheEnvironment() {
        StartupException missing =
                assertThrows(StartupException.class, () -> ConfigFile.read(Optional.of(EXAMPLE), Map.of()));
        assertEquals(
                "auth.jwt_secret is read from the environment variable TIDDLY_JWT_SECRET, which is not set",
                missing.getMessage());
        ConfigFile.Config config = ConfigFile.read(
                Optional.of(EXAMPLE), Map.of("TIDDLY_JWT_SECRET", RANDOM_SECRET, "TIDDLY_ADMIN_KEY", RANDOM_KEY));
        assertEquals(Optional.of(RANDOM_SECRET), config.auth().jwtSecret());
        assertEquals(Map.of(RANDOM_KEY, "admin"), config.auth().apiKeys());
    }

    @Test
    void thePlaceholderSecretOfTheOldExampleRefusesToStart() {
        assertEquals(
                "auth.jwt_secret is a published example or placeholder: anyone could use it. Set a random one"
                        + " (openssl rand -base64 48), preferably from the environment",
                refusal("{\"auth\": {\"jwt_secret\": \"replace-me-with-32-or-more-random-bytes-0123456789\"}}"));
        assertEquals(
                "auth.api_keys: the key of role 'admin' is a published example or placeholder: anyone could use it."
                        + " Set a random one (openssl rand -base64 48), preferably from the environment",
                refusal("{\"auth\": {\"api_keys\": {\"replace-me-with-a-long-random-api-key\": \"admin\"}}}"));
    }

    @Test
    void everySecretAndKeyPrintedInTheDocsRefusesToStart() throws IOException {
        Set<String> printed = new TreeSet<>();
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            for (Path file : Stream.concat(Stream.of(Path.of("README.md"), EXAMPLE), docs)
                    .filter(path ->
                            path.toString().endsWith(".md") || path.toString().endsWith(".json"))
                    .toList()) {
                String text = Files.readString(file);
                collect(SECRET.matcher(text), printed);
                collect(API_KEY.matcher(text), printed);
            }
        }
        printed.removeIf(value ->
                value.startsWith("$") || value.startsWith("<") || value.startsWith("%")); // variables, placeholders
        assertFalse(printed.isEmpty(), "the docs print at least one example key");
        for (String value : printed) {
            String message = refusal("{\"auth\": {\"jwt_secret\": \"" + value + "\"}}");
            assertTrue(
                    message.contains("published example") || message.contains("shorter than 32 bytes"),
                    value + " is printed in the docs but accepted as a secret: " + message);
            String keyMessage = refusal("{\"auth\": {\"api_keys\": {\"" + value + "\": \"admin\"}}}");
            assertTrue(
                    keyMessage.contains("published example") || keyMessage.contains("too easy to guess"),
                    value + " is printed in the docs but accepted as an API key: " + keyMessage);
        }
    }

    @Test
    void aSecretOrKeyThatIsNotRandomRefusesToStart() {
        assertEquals(
                "auth.jwt_secret has fewer than 8 different characters, so it is not random. Set a random one"
                        + " (openssl rand -base64 48)",
                refusal("{\"auth\": {\"jwt_secret\": \"" + "ab".repeat(20) + "\"}}"));
        assertEquals(
                "auth.api_keys: the key of role 'admin': an API key of 9 characters is too easy to guess; use at"
                        + " least 16 random ones (openssl rand -hex 32)",
                refusal("{\"auth\": {\"api_keys\": {\"admin-key\": \"admin\"}}}"));
        assertEquals(
                "auth.jwt_secret is a published example or placeholder: anyone could use it. Set a random one"
                        + " (openssl rand -base64 48), preferably from the environment",
                refusal("{\"auth\": {\"jwt_secret\": \"CHANGEME-please-to-something-long-and-random\"}}"));
    }

    @Test
    void twoRolesWithTheSameKeyRefuseToStart() {
        StartupException same = assertThrows(
                StartupException.class,
                () -> read(
                        "{\"auth\": {\"api_keys\": {\"$env:K1\": \"admin\", \"$env:K2\": \"user\"}}}",
                        Map.of("K1", RANDOM_KEY, "K2", RANDOM_KEY)));
        assertEquals(
                "auth.api_keys: the keys of roles 'admin' and 'user' are the same; give each role its own key",
                same.getMessage());
    }

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find()) {
            for (int group = 1; group <= matcher.groupCount(); group++) {
                if (matcher.group(group) != null) {
                    into.add(matcher.group(group));
                }
            }
        }
    }
}
