package dev.smidgen.ingest.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.storage.FileSystemStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The s3:// source: read through the connection into the download file, under the URL size limit. */
class BucketSourceReaderTests {
    private static final long LIMIT = 1000;
    private static final BucketObject OBJECT = new BucketObject("con_1", "my-bucket", "in/clip.mp4");

    @TempDir
    Path root;

    private SourceReader reader(byte[] body, long declaredLength) {
        SourceReader plain = new SourceReader(
                new AddressGuard(false),
                new FileSystemStore(root.resolve("store")),
                new FetchLimits(LIMIT, Duration.ofSeconds(1), Duration.ofSeconds(1), 0),
                1 << 20);
        return plain.withBuckets((projectId, object) -> {
            assertEquals("prj_x", projectId);
            assertEquals(OBJECT, object);
            return new ResponseInputStream<>(
                    GetObjectResponse.builder()
                            .contentLength(declaredLength)
                            .contentType("video/mp4")
                            .build(),
                    AbortableInputStream.create(new ByteArrayInputStream(body)));
        });
    }

    @Test
    void theInputNamesTheBucketObject() {
        IngestSource source = IngestSource.of(
                "prj_x",
                IngestSourceTests.input(Map.of(
                        "object", Map.of("connection_id", "con_1", "bucket", "my-bucket", "key", "in/clip.mp4"))));
        IngestSource.Bucket bucket = assertInstanceOf(IngestSource.Bucket.class, source);
        assertEquals(OBJECT, bucket.object());
        assertEquals(Optional.empty(), source.storedKey());
        assertEquals("s3://my-bucket/in/clip.mp4 via con_1", source.describe());
    }

    @Test
    void copiesAndHashesTheObject() throws Exception {
        byte[] body = "not really a video, but bytes".getBytes();
        Path target = root.resolve("download");
        FetchResult result =
                new IngestSource.Bucket("prj_x", OBJECT).fetch(reader(body, body.length), target, (r, e) -> {});
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals(body.length, result.size());
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)), result.sha256());
        assertEquals("video/mp4", result.contentType());
        assertEquals("clip.mp4", result.suggestedFilename());
    }

    @Test
    void refusesAnObjectOverTheLimit() {
        byte[] body = new byte[(int) LIMIT + 1];
        SmidgenException declared = assertThrows(
                SmidgenException.class,
                () -> new IngestSource.Bucket("prj_x", OBJECT)
                        .fetch(reader(body, body.length), root.resolve("d"), (r, e) -> {}));
        assertEquals(ErrorCode.FILE_TOO_LARGE, declared.code());
    }

    @Test
    void aShortReadIsATransientConnectionFailure() {
        byte[] body = new byte[10];
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> new IngestSource.Bucket("prj_x", OBJECT)
                        .fetch(reader(body, 20), root.resolve("d"), (r, x) -> {}));
        assertEquals(ErrorCode.CONNECTION_UNREACHABLE, e.code());
        assertTrue(e.isTransient());
    }

    @Test
    void aReaderWithoutConnectionsRefusesBucketSources() {
        SourceReader plain = new SourceReader(
                new AddressGuard(false),
                new FileSystemStore(root.resolve("store")),
                new FetchLimits(LIMIT, Duration.ofSeconds(1), Duration.ofSeconds(1), 0),
                1 << 20);
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> new IngestSource.Bucket("prj_x", OBJECT).fetch(plain, root.resolve("d"), (r, x) -> {}));
        assertEquals(ErrorCode.INTERNAL, e.code());
    }
}
