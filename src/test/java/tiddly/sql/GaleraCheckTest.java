package tiddly.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GaleraCheckTest {
    @Test
    void aGaleraNodeWithoutTheReadBitOfWsrepSyncWaitIsWarnedAbout() {
        assertTrue(GaleraCheck.warning(true, 0).orElseThrow().contains("Set wsrep_sync_wait=1"));
        assertTrue(GaleraCheck.warning(true, 6).isPresent()); // bits for other statements, not reads
    }

    @Test
    void aSoundNodeOrAServerWithoutGaleraIsNot() {
        assertEquals(Optional.empty(), GaleraCheck.warning(true, 1));
        assertEquals(Optional.empty(), GaleraCheck.warning(true, 7));
        assertEquals(Optional.empty(), GaleraCheck.warning(false, 0));
    }
}
