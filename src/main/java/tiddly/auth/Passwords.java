package tiddly.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * bcrypt: hashes passwords to store (cost 10) and checks given ones against stored hashes in
 * constant time. A check always costs one bcrypt run, also when there is no user or no usable
 * hash, so that timing does not tell which user names exist.
 */
final class Passwords {
    static final int COST = 10;
    /** bcrypt reads this many bytes of a password; the rest would be ignored. */
    static final int MAX_BYTES = 72;
    /** A hash of a random password nobody knows: what an unknown user's password is checked against. */
    static final String DUMMY_HASH = "$2b$10$UzEDTcyCL1nVYRraiwX1/u0SKt/NcsoDREZ66S4f8RkeqBqfJ2SYm";

    private final BCrypt.Hasher hasher = BCrypt.with(BCrypt.Version.VERSION_2B);
    // Truncating as other bcrypt tools do, so that hashes they made of longer passwords still check.
    private final BCrypt.Verifyer verifyer =
            BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));

    /** A new salted hash of {@code password}, which must fit in {@link #MAX_BYTES} (see {@link #fits}). */
    String hash(String password) {
        if (!fits(password)) {
            throw new IllegalArgumentException("a password longer than " + MAX_BYTES + " bytes");
        }
        return hasher.hashToString(COST, password.toCharArray());
    }

    static boolean fits(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** Whether {@code password} matches {@code hash}; false for a missing or malformed hash, after as long a check. */
    boolean matches(String password, Optional<String> hash) {
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        if (hash.isPresent() && !hash.get().isEmpty()) {
            BCrypt.Result result = verifyer.verify(given, hash.get().getBytes(StandardCharsets.UTF_8));
            if (result.validFormat) {
                return result.verified;
            }
        }
        verifyer.verify(given, DUMMY_HASH.getBytes(StandardCharsets.UTF_8)); // the same work as a real check
        return false;
    }
}
