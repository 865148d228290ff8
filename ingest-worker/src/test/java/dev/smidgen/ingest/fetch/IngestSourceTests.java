package dev.smidgen.ingest.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.TaskPayloads;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IngestSourceTests {
    private static final String PROJECT = "prj_x";

    @Test
    void urlInputIsDownloadedAndOwnsNoObjectYet() {
        IngestSource source =
                IngestSource.of(PROJECT, input(Map.of("url", "https://example.com/a.mp4", "folder", "clips")));
        IngestSource.Url url = assertInstanceOf(IngestSource.Url.class, source);
        assertEquals("https://example.com/a.mp4", url.url().toString());
        assertEquals(Optional.empty(), source.storedKey());
        assertEquals("https://example.com/a.mp4", source.describe());
    }

    @Test
    void inputWithoutUrlOrUploadIsRefusedAsTheGuardRefusesIt() {
        SmidgenException e = assertThrows(SmidgenException.class, () -> IngestSource.of(PROJECT, input(Map.of())));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("A source URL is required.", e.getMessage());
    }

    @Test
    void aStoredUrlThatIsNotFetchableFailsAsTheRequestWouldHave() {
        SmidgenException e = assertThrows(SmidgenException.class, () -> input(Map.of("url", "file:///etc/passwd")));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    /** A task's input as the worker reads it from the row. */
    static IngestInput input(Map<String, ?> row) {
        return TaskPayloads.fromMap(row, IngestInput.class);
    }

    @Test
    void uploadInputIsTheStagedObjectWhichTheFileKeeps() {
        IngestSource source = IngestSource.of(
                PROJECT,
                input(Map.of(
                        "upload",
                        "upl_abc123def456",
                        "staged_key",
                        "prj_x/.uploads/upl_abc123def456",
                        "original_filename",
                        "holiday.mp4")));
        IngestSource.Staged staged = assertInstanceOf(IngestSource.Staged.class, source);
        assertEquals("upl_abc123def456", staged.uploadId());
        assertEquals(Optional.of("prj_x/.uploads/upl_abc123def456"), source.storedKey());
        assertEquals("upload upl_abc123def456 (prj_x/.uploads/upl_abc123def456)", source.describe());
    }

    @Test
    void aChecksumFromTheUploadServiceIsKeptOnlyWhenItIsAHexSha256() {
        String sha256 = "a".repeat(64);
        assertEquals(
                sha256,
                staged(Map.of("upload", "upl_abc123def456", "sha256", sha256)).sha256());
        assertNull(staged(Map.of("upload", "upl_abc123def456")).sha256());
        assertNull(staged(Map.of("upload", "upl_abc123def456", "sha256", "A".repeat(64)))
                .sha256());
        assertNull(staged(Map.of("upload", "upl_abc123def456", "sha256", "a".repeat(63)))
                .sha256());
        assertNull(staged(Map.of("upload", "upl_abc123def456", "sha256", 42)).sha256());
    }

    private static IngestSource.Staged staged(Map<String, ?> row) {
        return assertInstanceOf(IngestSource.Staged.class, IngestSource.of(PROJECT, input(row)));
    }

    @Test
    void uploadWinsOverAUrlInTheSameInput() {
        IngestSource source = IngestSource.of(
                PROJECT, input(Map.of("upload", "upl_abc123def456", "url", "https://example.com/a.mp4")));
        assertInstanceOf(IngestSource.Staged.class, source);
    }

    @Test
    void missingStagedKeyIsTheSessionsOwnKey() {
        IngestSource source = IngestSource.of(PROJECT, input(Map.of("upload", "upl_abc123def456")));
        assertEquals(Optional.of("prj_x/.uploads/upl_abc123def456"), source.storedKey());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "prj_other/.uploads/upl_abc123def456", // another project's upload
                "prj_x/.uploads/upl_zzzzzzzzzzzz", // another upload of this project
                "prj_x/clips/holiday.mp4", // a named file
                "prj_x/.uploads/upl_abc123def456.tail", // a piece of the upload, not the upload
            })
    void stagedKeyOutsideTheUploadIsRefusedWithoutNamingAnythingToDelete(String key) {
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> IngestSource.of(PROJECT, input(Map.of("upload", "upl_abc123def456", "staged_key", key))));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertFalse(e.isTransient());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "upl_", "file_abc123def456", "upl_ABC", "upl_abc/../x", "upl_abc def"})
    void malformedUploadIdIsRefused(String id) {
        SmidgenException e =
                assertThrows(SmidgenException.class, () -> IngestSource.of(PROJECT, input(Map.of("upload", id))));
        assertEquals(ErrorCode.INTERNAL, e.code());
    }
}
