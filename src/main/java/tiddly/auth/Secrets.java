package tiddly.auth;

import java.util.Locale;
import java.util.Set;
import tiddly.StartupException;

/**
 * Refuses, at start-up, a JWT secret or API key that anyone can know: one published in Tiddly's
 * examples or docs, a placeholder, or one of too few distinct characters to be random. Such a
 * value lets a stranger sign tokens with any role or call as the key's role.
 */
public final class Secrets {
    /** Every secret and key printed in tiddly.example.json, README.md and docs/ (PublishedSecretsTest keeps this whole). */
    static final Set<String> PUBLISHED = Set.of(
            "replace-me-with-32-or-more-random-bytes-0123456789",
            "replace-me-with-a-long-random-api-key",
            "docs-examples-cursor-secret");

    private static final Set<String> PLACEHOLDERS =
            Set.of("replace-me", "replace_me", "changeme", "change-me", "change_me", "placeholder", "your-secret");
    /** Random text of 16 characters or more almost surely has at least this many different ones. */
    static final int MIN_DISTINCT = 8;

    static final int MIN_API_KEY_LENGTH = 16;

    private Secrets() {}

    /** The JWT secret, unless it is public or weak: then a StartupException naming the setting. */
    public static String checkSecret(String setting, String secret) {
        refuseKnown(setting, secret);
        return secret;
    }

    /** An API key, unless it is public, weak, or shorter than {@link #MIN_API_KEY_LENGTH} characters. */
    public static String checkApiKey(String setting, String key) {
        if (key.length() < MIN_API_KEY_LENGTH) {
            throw new StartupException(setting + ": an API key of " + key.length() + " characters is too easy to guess;"
                    + " use at least " + MIN_API_KEY_LENGTH + " random ones (openssl rand -hex 32)");
        }
        refuseKnown(setting, key);
        return key;
    }

    private static void refuseKnown(String setting, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (PUBLISHED.contains(value) || PLACEHOLDERS.stream().anyMatch(lower::contains)) {
            throw new StartupException(setting + " is a published example or placeholder: anyone could use it."
                    + " Set a random one (openssl rand -base64 48), preferably from the environment");
        }
        if (value.chars().distinct().count() < MIN_DISTINCT) {
            throw new StartupException(setting + " has fewer than " + MIN_DISTINCT
                    + " different characters, so it is not random. Set a random one (openssl rand -base64 48)");
        }
    }
}
