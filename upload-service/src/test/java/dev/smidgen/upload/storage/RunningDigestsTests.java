package dev.smidgen.upload.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** A session's digest runs on only while its requests arrive in order and are kept. */
class RunningDigestsTests {
    private final RunningDigests digests = new RunningDigests();

    @Test
    void requestsInOrderHashTheWholeFile() throws Exception {
        byte[] first = "the first request ".getBytes(StandardCharsets.UTF_8);
        byte[] second = "and the last one".getBytes(StandardCharsets.UTF_8);
        MessageDigest digest = digests.take("upl_1", 0);
        digest.update(first);
        digests.keep("upl_1", first.length, digest);
        MessageDigest continued = digests.take("upl_1", first.length);
        assertSame(digest, continued);
        continued.update(second);

        MessageDigest whole = MessageDigest.getInstance("SHA-256");
        whole.update(first);
        whole.update(second);
        assertArrayEquals(whole.digest(), continued.digest());
    }

    @Test
    void anotherOffsetFindsNothingToContinue() {
        digests.keep("upl_1", 100, digests.take("upl_1", 0));
        assertNull(
                digests.take("upl_1", 50),
                "bytes before the running offset: the digest covers more than the file will");
        assertNull(digests.take("upl_1", 100), "taking removes it, even when the offset did not match");
    }

    @Test
    void aRequestThatIsNotKeptLeavesNothingBehind() {
        digests.take("upl_1", 0); // a request that failed never puts its digest back
        assertNull(digests.take("upl_1", 10));
    }

    @Test
    void offsetZeroAlwaysStartsAfresh() {
        MessageDigest kept = digests.take("upl_1", 0);
        digests.keep("upl_1", 10, kept);
        MessageDigest fresh = digests.take("upl_1", 0);
        assertNotNull(fresh);
        assertNotSame(kept, fresh);
    }

    @Test
    void forgettingASessionDropsItsDigest() {
        digests.keep("upl_1", 10, digests.take("upl_1", 0));
        digests.forget("upl_1");
        assertNull(digests.take("upl_1", 10));
    }

    @Test
    void theOldestSessionsAreEvictedBeyondTheBound() {
        for (int i = 0; i <= RunningDigests.MAX_SESSIONS; i++) {
            digests.keep("upl_" + i, 1, digests.take("upl_" + i, 0));
        }
        assertNull(digests.take("upl_0", 1));
        assertNotNull(digests.take("upl_" + RunningDigests.MAX_SESSIONS, 1));
    }
}
