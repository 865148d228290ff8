package dev.smidgen.catalog.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.storage.MultipartStore.CompletedPart;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStore} and its {@link MultipartStore} must do alike, run against each store
 * (a subclass per store): the same answers and the same errors, so callers never ask which store
 * they have. Objects of {@link #BIG} bytes are where a store may switch to another way of moving
 * bytes (the S3 store's tests set their multipart thresholds below it).
 */
public abstract class BlobStoreContract {
    /** Above the smallest S3 part (5 MiB) twice, so that big objects have several parts in a test that sets 5 MiB parts. */
    protected static final int BIG = 12 * 1024 * 1024 + 12345;

    protected static final int MIN_PART = 5 * 1024 * 1024;

    /** Keys no store may accept, each refused before any I/O. */
    private static final List<String> BAD_KEYS = List.of(
            "../x",
            "a/../../b",
            "/abs",
            ".partial/x",
            "a\u0000b",
            "a\\b",
            "",
            "a//b",
            "./a",
            "a/.",
            ".hidden",
            "prj/..");

    protected BlobStore store;
    protected MultipartStore multipart;
    protected Path scratch;
    private final Random random = new Random(16);

    /** The stores under test, fresh for each test: {@code scratch} is an empty directory of the test's own. */
    protected abstract Stores create(Path scratch) throws Exception;

    /** Every object key the store holds, to prove that nothing else was written. */
    protected abstract Set<String> allKeys() throws Exception;

    /** Checks that nothing was written outside the store's own place (its root directory, its bucket). */
    protected abstract void assertNothingOutsideTheStore() throws Exception;

    public record Stores(BlobStore blobs, MultipartStore multipart) {}

    @BeforeEach
    void createStores(@TempDir Path dir) throws Exception {
        scratch = dir;
        Stores stores = create(dir);
        store = stores.blobs();
        multipart = stores.multipart();
    }

    // --- put, open, exists, size --------------------------------------------------------------

    @Test
    void putThenOpenGivesTheBytesBack() throws IOException {
        byte[] data = bytes(100_000);
        store.put("prj/a/b.bin", file(data), "application/octet-stream");
        assertArrayEquals(data, read("prj/a/b.bin", null, null));
        assertTrue(store.exists("prj/a/b.bin"));
        assertEquals(data.length, store.size("prj/a/b.bin"));
    }

    @Test
    void putReplacesAnObject() throws IOException {
        store.put("prj/x", file(bytes(1000)), "text/plain");
        byte[] second = bytes(10);
        store.put("prj/x", file(second), "text/plain");
        assertArrayEquals(second, read("prj/x", null, null));
        assertEquals(10, store.size("prj/x"));
    }

    @Test
    void aBigObjectRoundTrips() throws IOException {
        byte[] data = bytes(BIG);
        store.put("prj/big.bin", file(data), "video/mp4");
        assertEquals(BIG, store.size("prj/big.bin"));
        assertArrayEquals(data, read("prj/big.bin", null, null));
        assertArrayEquals(
                Arrays.copyOfRange(data, MIN_PART - 3, MIN_PART + 3),
                read("prj/big.bin", (long) MIN_PART - 3, (long) MIN_PART + 2));
    }

    @Test
    void anEmptyObjectIsEmpty() throws IOException {
        store.put("prj/empty", file(new byte[0]), "application/octet-stream");
        assertTrue(store.exists("prj/empty"));
        assertEquals(0, store.size("prj/empty"));
        assertArrayEquals(new byte[0], read("prj/empty", null, null));
        assertArrayEquals(new byte[0], read("prj/empty", 0L, null));
    }

    @Test
    void aMissingObjectIsNotFound() {
        assertFalse(store.exists("prj/none"));
        assertCode(ErrorCode.NOT_FOUND, () -> store.open("prj/none", null, null).close());
        assertCode(ErrorCode.NOT_FOUND, () -> store.size("prj/none"));
        assertCode(ErrorCode.NOT_FOUND, () -> store.readLocation("prj/none", Duration.ofMinutes(1)));
        assertEquals(Optional.empty(), store.localFile("prj/none"));
    }

    @Test
    void aFolderOfKeysIsNoObject() throws IOException {
        store.put("prj/dir/file", file(bytes(3)), "text/plain");
        assertFalse(store.exists("prj/dir"));
        assertCode(ErrorCode.NOT_FOUND, () -> store.size("prj/dir"));
        store.delete("prj/dir");
        assertTrue(store.exists("prj/dir/file"));
    }

    // --- ranges --------------------------------------------------------------------------------

    @Test
    void rangesAreInclusiveAndClippedAtTheEnd() throws IOException {
        byte[] data = bytes(100);
        store.put("prj/r", file(data), "application/octet-stream");
        assertArrayEquals(Arrays.copyOfRange(data, 10, 20), read("prj/r", 10L, 19L), "first-last");
        assertArrayEquals(Arrays.copyOfRange(data, 90, 100), read("prj/r", 90L, null), "open end");
        assertArrayEquals(Arrays.copyOfRange(data, 90, 100), read("prj/r", 90L, 1000L), "last past the end");
        assertArrayEquals(Arrays.copyOfRange(data, 99, 100), read("prj/r", 99L, 99L), "the last byte");
        assertArrayEquals(Arrays.copyOfRange(data, 0, 1), read("prj/r", 0L, 0L), "the first byte");
    }

    @Test
    void aSuffixRangeIsTheLastBytes() throws IOException {
        byte[] data = bytes(100);
        store.put("prj/r", file(data), "application/octet-stream");
        assertArrayEquals(Arrays.copyOfRange(data, 75, 100), read("prj/r", null, 25L));
        assertArrayEquals(data, read("prj/r", null, 1000L), "a suffix longer than the object is all of it");
    }

    @Test
    void aRangeStartingPastTheEndIsInvalid() throws IOException {
        store.put("prj/r", file(bytes(100)), "application/octet-stream");
        SmidgenException atEnd = assertCode(
                ErrorCode.INVALID_REQUEST, () -> store.open("prj/r", 100L, null).close());
        assertEquals("range", atEnd.field());
        SmidgenException past = assertCode(
                ErrorCode.INVALID_REQUEST, () -> store.open("prj/r", 500L, 600L).close());
        assertEquals("range", past.field());
    }

    // --- copy, delete, keys ---------------------------------------------------------------------

    @Test
    void copyMakesAnIndependentObject() throws IOException {
        byte[] data = bytes(5000);
        store.put("prj/from", file(data), "image/png");
        store.put("prj/to", file(bytes(7)), "image/png");
        store.copy("prj/from", "prj/sub/to");
        store.copy("prj/from", "prj/to");
        assertArrayEquals(data, read("prj/sub/to", null, null));
        assertArrayEquals(data, read("prj/to", null, null), "a copy replaces what was there");
        store.delete("prj/from");
        assertArrayEquals(data, read("prj/to", null, null), "the copy outlives its source");
    }

    @Test
    void copyOfABigObject() throws IOException {
        byte[] data = bytes(BIG);
        store.put("prj/big", file(data), "video/mp4");
        store.copy("prj/big", "prj/big-copy");
        assertEquals(BIG, store.size("prj/big-copy"));
        assertArrayEquals(data, read("prj/big-copy", null, null));
    }

    @Test
    void copyOntoItselfKeepsTheObject() throws IOException {
        byte[] data = bytes(50);
        store.put("prj/same", file(data), "text/plain");
        store.copy("prj/same", "prj/same");
        assertArrayEquals(data, read("prj/same", null, null));
    }

    @Test
    void copyOfAMissingObjectIsNotFound() {
        assertCode(ErrorCode.NOT_FOUND, () -> store.copy("prj/none", "prj/to"));
        assertFalse(store.exists("prj/to"));
    }

    @Test
    void deleteRemovesAndAMissingObjectIsFine() throws IOException {
        store.put("prj/d/1", file(bytes(3)), "text/plain");
        store.put("prj/d/2", file(bytes(3)), "text/plain");
        store.delete("prj/d/1");
        store.delete("prj/d/1");
        store.delete("prj/never/was");
        assertFalse(store.exists("prj/d/1"));
        assertTrue(store.exists("prj/d/2"));
        assertEquals(Set.of("prj/d/2"), keys("prj/"));
    }

    @Test
    void keysListEverythingUnderAPrefix() throws IOException {
        for (String key : List.of("prj/a/1", "prj/a/2", "prj/a/deep/3", "prj/ab", "prj/b/4", "other/a/5")) {
            store.put(key, file(bytes(2)), "text/plain");
        }
        assertEquals(Set.of("prj/a/1", "prj/a/2", "prj/a/deep/3"), keys("prj/a/"));
        assertEquals(Set.of("prj/a/1", "prj/a/2", "prj/a/deep/3", "prj/ab"), keys("prj/a"));
        assertEquals(Set.of("prj/a/1", "prj/a/2", "prj/a/deep/3", "prj/ab", "prj/b/4"), keys("prj"));
        assertEquals(Set.of(), keys("prj/c"));
        assertEquals(Set.of(), keys("none/"));
    }

    // --- staged objects ---------------------------------------------------------------------------

    @Test
    void aPublishedStagedObjectReplacesTheOldOneAtOnce() throws IOException {
        byte[] old = bytes(300);
        store.put("prj/s", file(old), "text/plain");
        StagedObject staged = store.stage("task-1");
        assertTrue(Files.isDirectory(staged.file().getParent()));
        byte[] fresh = bytes(BIG);
        Files.write(staged.file(), fresh);
        assertArrayEquals(old, read("prj/s", null, null), "the old object stays whole until the new one is published");
        staged.publish("prj/s", "text/plain");
        assertArrayEquals(fresh, read("prj/s", null, null));
        assertFalse(Files.exists(staged.file()), "publishing uses the staged file up");
        staged.discard(); // nothing left to drop
        assertTrue(store.exists("prj/s"));
    }

    @Test
    void theSameStagingNameFindsTheSameFile() throws IOException {
        StagedObject first = store.stage("upload-7");
        Files.write(first.file(), bytes(10));
        StagedObject again = store.stage("upload-7");
        assertEquals(first.file(), again.file());
        assertEquals(10, Files.size(again.file()));
        again.discard();
    }

    @Test
    void aDiscardedStagedObjectLeavesNothing() throws Exception {
        StagedObject staged = store.stage("task-2");
        Files.write(staged.file(), bytes(1000));
        staged.discard();
        assertFalse(Files.exists(staged.file()));
        staged.discard();
        assertEquals(Set.of(), allKeys());
    }

    @Test
    void aStagedFileThatWasNeverPublishedIsNoObjectAndIsSweptWhenIdle() throws Exception {
        store.put("prj/kept", file(bytes(5)), "text/plain");
        StagedObject crashed = store.stage("task-crashed");
        Files.write(crashed.file(), bytes(2000)); // then the writer died
        StagedObject active = store.stage("task-active");
        Files.write(active.file(), bytes(10));

        assertEquals(Set.of("prj/kept"), allKeys());
        assertEquals(Set.of("prj/kept"), keys("prj"));
        assertFalse(store.exists("prj/task-crashed"));

        assertEquals(0, store.sweepStaged(Duration.ofHours(1)), "nothing is idle yet");
        Files.setLastModifiedTime(crashed.file(), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        assertEquals(1, store.sweepStaged(Duration.ofHours(1)));
        assertFalse(Files.exists(crashed.file()));
        assertTrue(Files.exists(active.file()), "a file still being written stays");
        assertTrue(store.exists("prj/kept"), "objects are never swept");
        active.discard();
    }

    @Test
    void aStagedFileToldOfAsItGrowsIsPublishedWhole() throws Exception {
        byte[] data = bytes(BIG);
        StagedObject staged = store.stage("task-grow");
        writeInSteps(staged, data, () -> staged.expect("prj/grown", "video/mp4", data.length));
        staged.publish("prj/grown", "video/mp4");
        assertArrayEquals(data, read("prj/grown", null, null));
        assertEquals(Set.of("prj/grown"), allKeys());
        assertFalse(Files.exists(staged.file()));
        assertNothingOutsideTheStore();
    }

    @Test
    void aStagedFileOfUnknownSizeToldOfAsItGrowsIsPublishedWhole() throws Exception {
        byte[] data = bytes(BIG);
        StagedObject staged = store.stage("task-grow-unknown");
        writeInSteps(staged, data, () -> staged.expect("prj/grown", "video/mp4", -1));
        staged.publish("prj/grown", "video/mp4");
        assertArrayEquals(data, read("prj/grown", null, null));
        assertEquals(Set.of("prj/grown"), allKeys());
    }

    @Test
    void aStagedFileExpectedUnderOneKeyIsOnlyWhereItIsPublished() throws Exception {
        byte[] data = bytes(BIG);
        StagedObject wrongKey = store.stage("task-guess-key");
        writeInSteps(wrongKey, data, () -> wrongKey.expect("prj/guess.mp4", "video/mp4", data.length));
        wrongKey.publish("prj/real.mov", "video/mp4");
        StagedObject wrongType = store.stage("task-guess-type");
        writeInSteps(wrongType, data, () -> wrongType.expect("prj/typed", "video/mp4", data.length));
        wrongType.publish("prj/typed", "video/quicktime");
        assertEquals(Set.of("prj/real.mov", "prj/typed"), allKeys());
        assertArrayEquals(data, read("prj/real.mov", null, null));
        assertArrayEquals(data, read("prj/typed", null, null));
        assertNothingOutsideTheStore();
    }

    @Test
    void aDiscardedStagedFileThatWasExpectedLeavesNothing() throws Exception {
        store.put("prj/old", file(bytes(300)), "text/plain");
        StagedObject staged = store.stage("task-gone");
        writeInSteps(staged, bytes(BIG), () -> staged.expect("prj/old", "video/mp4", BIG));
        staged.discard();
        assertFalse(Files.exists(staged.file()));
        assertEquals(Set.of("prj/old"), allKeys());
        assertEquals(300, store.size("prj/old"), "the object under the expected key is untouched");
        assertNothingOutsideTheStore();
    }

    @Test
    void aStagedFileStartedOverIsPublishedWithItsNewBytes() throws Exception {
        StagedObject staged = store.stage("task-again");
        writeInSteps(staged, bytes(BIG), () -> staged.expect("prj/again", "video/mp4", BIG));
        byte[] second = bytes(BIG - 4321);
        staged.written(0);
        writeInSteps(staged, second, () -> staged.expect("prj/again", "video/mp4", second.length));
        staged.publish("prj/again", "video/mp4");
        assertArrayEquals(second, read("prj/again", null, null));
        assertEquals(Set.of("prj/again"), allKeys());
        assertNothingOutsideTheStore();
    }

    @Test
    void stagingNamesCannotLeaveTheStagingArea() {
        for (String name : List.of("../x", "a/b", "", ".hidden", "a\u0000b", "a\\b")) {
            assertThrows(IllegalArgumentException.class, () -> store.stage(name), name);
        }
    }

    // --- multipart --------------------------------------------------------------------------------

    @Test
    void partsSentInAnyOrderAreJoinedInPartOrder() throws IOException {
        byte[] one = bytes(MIN_PART);
        byte[] two = bytes(MIN_PART);
        byte[] three = bytes(1234);
        String id = multipart.create("prj/joined", "video/mp4");
        String etag3 = multipart.uploadPart("prj/joined", id, 3, file(three));
        String etag1 = multipart.uploadPart("prj/joined", id, 1, file(one));
        String etag2 = multipart.uploadPart("prj/joined", id, 2, file(two));
        assertFalse(store.exists("prj/joined"), "nothing is visible before completion");
        multipart.complete(
                "prj/joined",
                id,
                List.of(new CompletedPart(3, etag3), new CompletedPart(1, etag1), new CompletedPart(2, etag2)));
        assertArrayEquals(concat(one, two, three), read("prj/joined", null, null));
    }

    @Test
    void aPartSentAgainReplacesTheFirst() throws IOException {
        byte[] first = bytes(MIN_PART);
        byte[] second = bytes(MIN_PART);
        byte[] last = bytes(10);
        String id = multipart.create("prj/again", "video/mp4");
        String old = multipart.uploadPart("prj/again", id, 1, file(first));
        String etag1 = multipart.uploadPart("prj/again", id, 1, file(second));
        String etag2 = multipart.uploadPart("prj/again", id, 2, file(last));
        assertNotEquals(old, etag1, "a replaced part has a new ETag");
        multipart.complete("prj/again", id, List.of(new CompletedPart(1, etag1), new CompletedPart(2, etag2)));
        assertArrayEquals(concat(second, last), read("prj/again", null, null));
    }

    @Test
    void aPartCanBeCopiedFromARangeOfAnObject() throws IOException {
        byte[] source = bytes(MIN_PART + 1000);
        store.put("prj/source", file(source), "video/mp4");
        byte[] tail = bytes(77);
        String id = multipart.create("prj/spliced", "video/mp4");
        String etag1 = multipart.copyPart("prj/spliced", id, 1, "prj/source", 500, 500L + MIN_PART - 1);
        String etag2 = multipart.uploadPart("prj/spliced", id, 2, file(tail));
        multipart.complete("prj/spliced", id, List.of(new CompletedPart(1, etag1), new CompletedPart(2, etag2)));
        assertArrayEquals(
                concat(Arrays.copyOfRange(source, 500, 500 + MIN_PART), tail), read("prj/spliced", null, null));
        assertArrayEquals(source, read("prj/source", null, null));
    }

    @Test
    void copyingAPartOfAMissingObjectIsNotFound() {
        String id = multipart.create("prj/c", "video/mp4");
        assertCode(ErrorCode.NOT_FOUND, () -> multipart.copyPart("prj/c", id, 1, "prj/none", 0, 9));
        multipart.abort("prj/c", id);
    }

    @Test
    void completingWithAWrongETagFailsAndKeepsNothing() throws IOException {
        byte[] one = bytes(MIN_PART);
        String id = multipart.create("prj/wrong", "video/mp4");
        String etag1 = multipart.uploadPart("prj/wrong", id, 1, file(one));
        String etag2 = multipart.uploadPart("prj/wrong", id, 2, file(bytes(5)));
        SmidgenException wrong = assertCode(
                ErrorCode.INVALID_REQUEST,
                () -> multipart.complete(
                        "prj/wrong", id, List.of(new CompletedPart(1, etag1), new CompletedPart(2, etag1))));
        assertEquals("parts", wrong.field());
        SmidgenException missing = assertCode(
                ErrorCode.INVALID_REQUEST,
                () -> multipart.complete(
                        "prj/wrong", id, List.of(new CompletedPart(1, etag1), new CompletedPart(3, etag2))));
        assertEquals("parts", missing.field());
        assertFalse(store.exists("prj/wrong"));
        multipart.abort("prj/wrong", id);
    }

    @Test
    void partsAndObjectsCanBeSentAsTheirBytesArrive() throws IOException {
        byte[] one = bytes(MIN_PART);
        byte[] two = bytes(999);
        String id = multipart.create("prj/streamed", "video/mp4");
        String etag1 = multipart.uploadPart("prj/streamed", id, 1, () -> new TrickleStream(one), one.length);
        String etag2 = multipart.uploadPart("prj/streamed", id, 2, () -> new TrickleStream(two), two.length);
        multipart.complete("prj/streamed", id, List.of(new CompletedPart(1, etag1), new CompletedPart(2, etag2)));
        assertArrayEquals(concat(one, two), read("prj/streamed", null, null));

        byte[] whole = bytes(BIG);
        multipart.putObject("prj/whole", () -> new TrickleStream(whole), whole.length, "audio/wav");
        assertArrayEquals(whole, read("prj/whole", null, null));
        multipart.putObject("prj/whole", () -> new TrickleStream(two), two.length, "audio/wav");
        assertArrayEquals(two, read("prj/whole", null, null));
    }

    @Test
    void aBodyThatBreaksOffOrEndsShortStoresNothing() throws Exception {
        byte[] before = bytes(100);
        store.put("prj/kept", file(before), "audio/wav");
        byte[] data = bytes(MIN_PART);
        BodySource breaksOff =
                () -> new TrickleStream(Arrays.copyOf(data, 4096), new IOException("the client went away"));
        BodySource endsShort = () -> new TrickleStream(Arrays.copyOf(data, 4096));
        for (BodySource body : List.of(breaksOff, endsShort)) {
            assertThrows(RuntimeException.class, () -> multipart.putObject("prj/kept", body, data.length, "audio/wav"));
            assertThrows(RuntimeException.class, () -> multipart.putObject("prj/new", body, data.length, "audio/wav"));
        }
        assertArrayEquals(before, read("prj/kept", null, null), "the object stays as it was");
        assertFalse(store.exists("prj/new"));

        String id = multipart.create("prj/parts", "video/mp4");
        String etag1 = multipart.uploadPart("prj/parts", id, 1, file(data));
        for (BodySource body : List.of(breaksOff, endsShort)) {
            assertThrows(RuntimeException.class, () -> multipart.uploadPart("prj/parts", id, 1, body, data.length));
            assertThrows(RuntimeException.class, () -> multipart.uploadPart("prj/parts", id, 2, body, data.length));
        }
        byte[] last = bytes(10);
        String etag2 = multipart.uploadPart("prj/parts", id, 2, file(last));
        multipart.complete("prj/parts", id, List.of(new CompletedPart(1, etag1), new CompletedPart(2, etag2)));
        assertArrayEquals(concat(data, last), read("prj/parts", null, null), "the part sent whole is the one kept");
        assertEquals(Set.of("prj/kept", "prj/parts"), allKeys());
    }

    // Whether a part may still be sent to an unknown or aborted upload differs between S3 servers
    // (AWS refuses it, s3proxy takes it); completing such an upload fails everywhere.

    @Test
    void anAbortedUploadIsGone() throws Exception {
        String id = multipart.create("prj/aborted", "video/mp4");
        String etag = multipart.uploadPart("prj/aborted", id, 1, file(bytes(100)));
        multipart.abort("prj/aborted", id);
        multipart.abort("prj/aborted", id);
        assertCode(
                ErrorCode.NOT_FOUND, () -> multipart.complete("prj/aborted", id, List.of(new CompletedPart(1, etag))));
        assertFalse(store.exists("prj/aborted"));
        assertEquals(Set.of(), allKeys());
    }

    @Test
    void anUnknownUploadIsNotFoundAndAbortingItIsFine() {
        String unknown = "0b1e5c55-0000-4000-8000-000000000000";
        assertCode(
                ErrorCode.NOT_FOUND,
                () -> multipart.complete("prj/u", unknown, List.of(new CompletedPart(1, "\"etag\""))));
        multipart.abort("prj/u", unknown);
        multipart.abort("prj/u", "not-an-upload-id");
        assertFalse(store.exists("prj/u"));
    }

    @Test
    void partNumbersRunFrom1To10000() throws IOException {
        String id = multipart.create("prj/n", "video/mp4");
        Path part = file(bytes(1));
        assertThrows(IllegalArgumentException.class, () -> multipart.uploadPart("prj/n", id, 0, part));
        assertThrows(IllegalArgumentException.class, () -> multipart.uploadPart("prj/n", id, 10_001, part));
        multipart.abort("prj/n", id);
    }

    // --- keys that leave the store --------------------------------------------------------------

    @Test
    void keysThatCouldLeaveTheStoreAreRefusedBeforeAnyWrite() throws Exception {
        Path payload = file(bytes(10));
        store.put("prj/ok", payload, "text/plain");
        StagedObject staged = store.stage("t");
        Files.write(staged.file(), bytes(3));
        for (String key : BAD_KEYS) {
            refused(key, () -> store.put(key, payload, "text/plain"));
            refused(key, () -> store.open(key, null, null));
            refused(key, () -> store.copy("prj/ok", key));
            refused(key, () -> store.copy(key, "prj/copy"));
            refused(key, () -> store.delete(key));
            refused(key, () -> store.exists(key));
            refused(key, () -> store.size(key));
            refused(key, () -> store.readLocation(key, Duration.ofMinutes(1)));
            refused(key, () -> store.httpReadUrl(key, Duration.ofMinutes(1)));
            refused(key, () -> store.localFile(key));
            refused(key, () -> staged.publish(key, "text/plain"));
            refused(key, () -> multipart.create(key, "text/plain"));
            refused(key, () -> multipart.uploadPart(key, "0b1e5c55-0000-4000-8000-000000000000", 1, payload));
            refused(
                    key,
                    () -> multipart.uploadPart(
                            key, "0b1e5c55-0000-4000-8000-000000000000", 1, () -> new TrickleStream(bytes(1)), 1));
            refused(key, () -> multipart.putObject(key, () -> new TrickleStream(bytes(1)), 1, "text/plain"));
            refused(key, () -> multipart.copyPart("prj/ok", "0b1e5c55-0000-4000-8000-000000000000", 1, key, 0, 1));
        }
        for (String prefix : List.of("../", "/", ".partial/", "a/../", "a\\", "")) {
            refused(prefix, () -> store.keys(prefix).close());
        }
        assertTrue(Files.exists(staged.file()), "a refused publish keeps the staged bytes");
        staged.discard();
        assertEquals(Set.of("prj/ok"), allKeys());
        assertNothingOutsideTheStore();
    }

    // --- where programs read objects ---------------------------------------------------------------

    @Test
    void theReadLocationServesTheBytes() throws Exception {
        byte[] data = bytes(4321);
        store.put("prj/media/in.mp4", file(data), "video/mp4");
        String location = store.readLocation("prj/media/in.mp4", Duration.ofMinutes(5));
        if (store.isLocal()) {
            Path path = Path.of(location);
            assertTrue(path.isAbsolute(), location);
            assertArrayEquals(data, Files.readAllBytes(path));
        } else {
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(location)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), location);
            assertArrayEquals(data, response.body());
        }
    }

    @Test
    void anHttpReadUrlServesRangesAndIsMadeWithoutAskingTheStore() throws Exception {
        byte[] data = bytes(5000);
        store.put("prj/media/clip.mp4", file(data), "video/mp4");
        Optional<URI> url = store.httpReadUrl("prj/media/clip.mp4", Duration.ofMinutes(5));
        assertEquals(!store.isLocal(), url.isPresent(), "a store of local files has none; S3 has presigned URLs");
        if (url.isPresent()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> range = http.send(
                    HttpRequest.newBuilder(url.get())
                            .header("Range", "bytes=100-199")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, range.statusCode(), url.get().toString());
            assertArrayEquals(Arrays.copyOfRange(data, 100, 200), range.body());
            // No existence check when it is made: the missing object answers 404 at the URL.
            URI missing = store.httpReadUrl("prj/media/none.mp4", Duration.ofMinutes(5))
                    .orElseThrow();
            assertEquals(
                    404,
                    http.send(HttpRequest.newBuilder(missing).GET().build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode());
        }
    }

    @Test
    void aLocalStoreHandsOutTheObjectsOwnFile() throws IOException {
        byte[] data = bytes(99);
        store.put("prj/local", file(data), "text/plain");
        Optional<Path> local = store.localFile("prj/local");
        assertEquals(store.isLocal(), local.isPresent());
        if (local.isPresent()) {
            assertArrayEquals(data, Files.readAllBytes(local.get()));
        }
    }

    @Test
    void theStoreAnswersItsReadinessCheck() {
        store.prepare();
        store.check();
    }

    // --- helpers ------------------------------------------------------------------------------------

    /**
     * Writes {@code data} into a staged file front to back in 1 MiB steps as a download does, telling
     * the store after each step; {@code afterFirstStep} runs once the first step is written.
     */
    protected static void writeInSteps(StagedObject staged, byte[] data, Runnable afterFirstStep) throws IOException {
        int step = 1024 * 1024;
        try (FileChannel out = FileChannel.open(
                staged.file(),
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (int off = 0; off < data.length; off += step) {
                ByteBuffer chunk = ByteBuffer.wrap(data, off, Math.min(step, data.length - off));
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                staged.written(off + (long) Math.min(step, data.length - off));
                if (off == 0) {
                    afterFirstStep.run();
                }
            }
        }
    }

    protected byte[] bytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    /** A new file in the scratch directory holding {@code data}. */
    protected Path file(byte[] data) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("input"));
        return Files.write(Files.createTempFile(dir, "data", ".bin"), data);
    }

    protected byte[] read(String key, Long first, Long last) throws IOException {
        try (InputStream in = store.open(key, first, last)) {
            return in.readAllBytes();
        }
    }

    protected Set<String> keys(String prefix) {
        try (Stream<String> keys = store.keys(prefix)) {
            return keys.collect(Collectors.toSet());
        }
    }

    protected static SmidgenException assertCode(ErrorCode code, Executable action) {
        SmidgenException e = assertThrows(SmidgenException.class, action);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private static void refused(String key, Executable action) {
        assertThrows(IllegalArgumentException.class, action, () -> "key " + key.replace("\u0000", "\\0"));
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** For subclasses: runs {@code check} on every regular file under {@code dir}. */
    protected static void eachFile(Path dir, Consumer<Path> check) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(check);
        }
    }

    /** A body that arrives a few KiB per read, as from a network, then ends or, with {@code failure}, breaks off. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private final IOException failure;
        private int pos;

        TrickleStream(byte[] data) {
            this(data, null);
        }

        TrickleStream(byte[] data, IOException failure) {
            this.data = data;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos == data.length) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            int n = Math.min(Math.min(len, 3000), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
