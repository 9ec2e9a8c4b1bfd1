package tiddly.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    /** Alice's hash in the sample database, made by Python's crypt (bcrypt $2b$, cost 10). */
    private static final String ALICE = "$2b$10$pwJS8Z9qvU4Uaygv6HhQP.ja2Mvgs5MRpKrsS7Rvo2DHblwe/Ri7q";

    private final Passwords passwords = new Passwords();

    @Test
    void aHashedPasswordMatchesItselfOnly() {
        String hash = passwords.hash("correct horse");
        assertTrue(hash.startsWith("$2b$10$"), hash);
        assertTrue(passwords.matches("correct horse", Optional.of(hash)));
        assertFalse(passwords.matches("correct horsf", Optional.of(hash)));
        assertNotEquals(hash, passwords.hash("correct horse"), "salted: two hashes of one password differ");
    }

    @Test
    void hashesMadeByOtherBcryptToolsMatch() {
        assertTrue(passwords.matches("alice-secret", Optional.of(ALICE)));
        assertFalse(passwords.matches("bob-secret", Optional.of(ALICE)));
        assertTrue(passwords.matches("alice-secret", Optional.of(ALICE.replace("$2b$", "$2a$"))));
    }

    @Test
    void noUserOrAnUnusableHashNeverMatches() {
        assertFalse(passwords.matches("anything", Optional.empty()));
        assertFalse(passwords.matches("plain text", Optional.of("plain text")));
        assertFalse(passwords.matches("", Optional.of("")));
    }

    @Test
    void checkingAnUnknownUserCostsAsMuchAsCheckingAKnownOne() {
        passwords.matches("warm up", Optional.of(ALICE));
        long known = Long.MAX_VALUE;
        long unknown = Long.MAX_VALUE;
        long malformed = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            known = Math.min(known, time(() -> passwords.matches("wrong", Optional.of(ALICE))));
            unknown = Math.min(unknown, time(() -> passwords.matches("wrong", Optional.empty())));
            malformed = Math.min(malformed, time(() -> passwords.matches("wrong", Optional.of("not a hash"))));
        }
        // A bcrypt run of cost 10 takes tens of milliseconds; skipping it would take microseconds.
        assertTrue(unknown > known / 3, "unknown user: " + unknown + " ns, known: " + known + " ns");
        assertTrue(malformed > known / 3, "malformed hash: " + malformed + " ns, known: " + known + " ns");
    }

    @Test
    void passwordsLongerThanBcryptReadsAreNotHashed() {
        assertTrue(Passwords.fits("x".repeat(72)));
        assertFalse(Passwords.fits("x".repeat(73)));
        assertFalse(Passwords.fits("é".repeat(37)), "74 bytes in UTF-8");
        assertThrows(IllegalArgumentException.class, () -> passwords.hash("x".repeat(73)));
    }

    /**
     * The CPU time the work costs this thread: unlike the time on the clock, it does not grow when
     * the machine is busy (this compared wall times once, and failed at a load average of 20).
     */
    private static long time(Runnable work) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        work.run();
        return threads.getCurrentThreadCpuTime() - start;
    }
}
