package dev.smidgen.catalog.connections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.FileSystemStore;
import dev.smidgen.devstack.S3Server;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The check and the export copy against a real S3 server: devstack's s3proxy, started alone with
 * credentials of its own, standing in for a user's bucket.
 */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class ConnectionStorageTests {
    private static final String ACCESS = "user-access";
    private static final String SECRET = "user-secret-key";
    private static final String BUCKET = "user-bucket";

    @TempDir
    static Path dir;

    private static S3Server server;
    private static ConnectionClients clients;
    private static ConnectionCheck check;
    private static FileSystemStore store;

    @BeforeAll
    static void start() {
        server = S3Server.standalone(dir.resolve("s3"), BUCKET, ACCESS, SECRET);
        clients = new ConnectionClients(secrets(), new AddressGuard(true));
        check = new ConnectionCheck(clients);
        store = new FileSystemStore(dir.resolve("store"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void passesWithTheRightKeys() {
        check.check(connection(server.endpoint(), BUCKET), SECRET);
        check.check(connection(server.endpoint(), null), SECRET); // ListBuckets
    }

    @Test
    void wrongKeysAreUnauthorized() {
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> check.check(connection(server.endpoint(), BUCKET), "wrong-secret"));
        assertEquals(ErrorCode.CONNECTION_UNAUTHORIZED, e.code(), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret"), e.getMessage());
    }

    @Test
    void aMissingBucketIsNamed() {
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> check.check(connection(server.endpoint(), "no-such-bucket"), SECRET));
        assertEquals(ErrorCode.BUCKET_NOT_FOUND, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-bucket"), e.getMessage());
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> check.check(connection("http://127.0.0.1:" + port, BUCKET), SECRET));
        assertEquals(ErrorCode.CONNECTION_UNREACHABLE, e.code(), e.getMessage());
    }

    @Test
    void aPrivateEndpointIsRefusedUnlessAllowed() {
        ConnectionCheck strict = new ConnectionCheck(new ConnectionClients(secrets(), new AddressGuard(false)));
        SmidgenException e =
                assertThrows(SmidgenException.class, () -> strict.check(connection(server.endpoint(), BUCKET), SECRET));
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code(), e.getMessage());
        assertEquals("endpoint", e.field());
    }

    @Test
    void exportsSmallObjectsInOnePutAndLargeOnesInParts() throws Exception {
        for (long size : new long[] {1 << 20, ExportParts.SINGLE_PUT_MAX + 3 * ExportParts.MIB + 17}) {
            byte[] bytes = randomBytes(size);
            String key = "proj/export-" + size + ".bin";
            store.put(key, write(bytes), "video/mp4");
            ConnectionEntity c = connection(server.endpoint(), BUCKET);
            try (S3Client client = clients.uncached(c, SECRET)) {
                List<Long> progress = new ArrayList<>();
                BucketExport.Copied copied = new BucketExport(store, client, c)
                        .copy(key, "video/mp4", BUCKET, "out/" + size + ".mp4", progress::add);
                assertEquals(size, copied.size());
                assertFalse(copied.etag().isEmpty());
                assertEquals(size, progress.get(progress.size() - 1));
                byte[] back = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("out/" + size + ".mp4"))
                        .asByteArray();
                assertArrayEquals(sha256(bytes), sha256(back));
                assertEquals(ExportParts.multipart(size) ? ExportParts.count(size) : 1, progress.size());
                client.deleteObject(b -> b.bucket(BUCKET).key("out/" + size + ".mp4"));
            } finally {
                store.delete(key);
            }
        }
    }

    @Test
    void anExportWithRefusedKeysIsUnauthorizedNotAStreamError() throws Exception {
        // The SDK sends the body again after an unknown access key: a plain stream could not be rewound.
        String key = "proj/refused.bin";
        store.put(key, write(randomBytes(1 << 20)), "video/mp4");
        ConnectionEntity c = connection(server.endpoint(), BUCKET);
        c.accessKeyId = "revoked";
        try (S3Client client = clients.uncached(c, SECRET)) {
            SmidgenException e = assertThrows(
                    SmidgenException.class,
                    () -> new BucketExport(store, client, c)
                            .copy(key, "video/mp4", BUCKET, "out/refused.mp4", n -> {}));
            assertEquals(ErrorCode.CONNECTION_UNAUTHORIZED, e.code(), e.getMessage());
        } finally {
            store.delete(key);
        }
    }

    @Test
    void aFailedMultipartExportLeavesNothing() throws Exception {
        long size = ExportParts.SINGLE_PUT_MAX + ExportParts.MIB;
        String key = "proj/failing.bin";
        store.put(key, write(randomBytes(size)), "video/mp4");
        // The store fails as the second part is read.
        BlobStore failing = (BlobStore) Proxy.newProxyInstance(
                BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("open") && args[1] != null && (Long) args[1] > 0) {
                        throw new SmidgenException(ErrorCode.UNAVAILABLE, "the store is down");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ConnectionEntity c = connection(server.endpoint(), BUCKET);
        try (S3Client client = clients.uncached(c, SECRET)) {
            SmidgenException e = assertThrows(
                    SmidgenException.class,
                    () -> new BucketExport(failing, client, c)
                            .copy(key, "video/mp4", BUCKET, "out/failing.mp4", n -> {}));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertThrows(
                    NoSuchKeyException.class,
                    () -> client.headObject(b -> b.bucket(BUCKET).key("out/failing.mp4")));
            assertTrue(
                    client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().isEmpty(), "an upload was left");
        } finally {
            store.delete(key);
        }
    }

    private static ConnectionEntity connection(String endpoint, String bucket) {
        ConnectionEntity c = new ConnectionEntity();
        c.id = "con_test";
        c.projectId = "prj_test";
        c.kind = ConnectionEntity.KIND_S3;
        c.name = "test";
        c.endpoint = endpoint;
        c.region = "us-east-1";
        c.bucket = bucket;
        c.accessKeyId = ACCESS;
        c.updated = Instant.now();
        return c;
    }

    private static ConnectionSecrets secrets() {
        return new ConnectionSecrets(new ConnectionsConfig() {
            @Override
            public Optional<String> secretKey() {
                return Optional.empty();
            }

            @Override
            public boolean allowPrivate() {
                return true;
            }
        });
    }

    private static byte[] randomBytes(long size) {
        byte[] bytes = new byte[(int) size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "export", ".bin");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
