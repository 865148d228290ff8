package dev.smidgen.catalog.storage.migrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.FileSystemMultipartStore;
import dev.smidgen.catalog.storage.FileSystemStore;
import dev.smidgen.catalog.storage.S3BlobStore;
import dev.smidgen.catalog.storage.S3MultipartStore;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.storage.migrate.StoreMigration.Outcome;
import dev.smidgen.devstack.S3Server;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Moves small libraries between the filesystem store and a real S3 server (devstack's s3proxy): the
 * bytes arrive intact both ways, a second run copies only what is missing or different, and a copy
 * that goes wrong is neither published half-done nor left behind.
 */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class StoreMigrationTests {
    @TempDir
    static Path shared;

    static S3Server server;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void startS3() {
        server = S3Server.standalone(shared.resolve("s3"), "smidgen");
    }

    @AfterAll
    static void stopS3() {
        if (server != null) {
            server.close();
        }
    }

    /** A project with nested folders, an upload under a dot folder, an empty file and a multi-MiB one. */
    private static Map<String, byte[]> projectA() {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("prj_a/readme.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
        objects.put("prj_a/clips/2024/deep/nested.bin", random(10_000, 1));
        objects.put("prj_a/.uploads/ses_1", random(70_000, 2));
        objects.put("prj_a/empty.bin", new byte[0]);
        objects.put("prj_a/big.bin", random(3 * 1024 * 1024 + 123, 3));
        return objects;
    }

    @Test
    void aProjectGoesToS3AndBackByteForByte() throws IOException {
        FileSystemStore first = fileStore("first", projectA());
        put(first, "prj_b/other.txt", "not this project".getBytes(StandardCharsets.UTF_8));
        leaveUnfinishedWrites(first);
        try (Bucket bucket = new Bucket("round-trip")) {
            MigrationSummary there = new StoreMigration(first, bucket.store, out).run(first.keys("prj_a/"));

            assertEquals(
                    new MigrationSummary(5, total(projectA()), 0, 0, 0, 0, 0), withoutTime(there), output.toString());
            assertEquals(
                    projectA().keySet(),
                    bucket.allKeys(),
                    "the project's objects and nothing else: no other project, no staged file");
            assertHolds(bucket.store, projectA());

            FileSystemStore second = new FileSystemStore(dir.resolve("second"));
            second.prepare();
            MigrationSummary back = new StoreMigration(bucket.store, second, out).run(bucket.store.keys("prj_a/"));

            assertEquals(
                    new MigrationSummary(5, total(projectA()), 0, 0, 0, 0, 0), withoutTime(back), output.toString());
            assertEquals(projectA().keySet(), filesUnder(second.root()));
            assertHolds(second, projectA());
        }
    }

    @Test
    void aSecondRunCopiesOnlyWhatIsMissingOrDifferent() throws IOException {
        Map<String, byte[]> objects = projectA();
        FileSystemStore files = fileStore("files", objects);
        try (Bucket bucket = new Bucket("rerun")) {
            StoreMigration migration = new StoreMigration(files, bucket.store, out);
            assertEquals(5, migration.run(files.keys("prj_a/")).copied());

            MigrationSummary again = migration.run(files.keys("prj_a/"));
            assertEquals(
                    new MigrationSummary(0, 0, 5, total(objects), 0, 0, 0),
                    withoutTime(again),
                    "all verified, none copied");

            bucket.store.delete("prj_a/clips/2024/deep/nested.bin");
            assertOnlyCopied(() -> migration.run(files.keys("prj_a/")), "prj_a/clips/2024/deep/nested.bin");

            byte[] sameSizeOtherBytes = objects.get("prj_a/big.bin").clone();
            sameSizeOtherBytes[2_000_000] ^= 1;
            put(bucket.store, "prj_a/big.bin", sameSizeOtherBytes);
            assertOnlyCopied(() -> migration.run(files.keys("prj_a/")), "prj_a/big.bin");
            assertTrue(
                    output.toString().contains("differs  prj_a/big.bin (same size, other bytes)"), output.toString());

            put(bucket.store, "prj_a/readme.txt", "hel".getBytes(StandardCharsets.UTF_8));
            assertOnlyCopied(() -> migration.run(files.keys("prj_a/")), "prj_a/readme.txt");

            assertHolds(bucket.store, objects);
        }
    }

    @Test
    void aCopyThatBreaksOffLeavesNoObjectAndNoStagedFileAndTheNextRunFinishesIt() throws IOException {
        Map<String, byte[]> objects = projectA();
        FileSystemStore source = fileStore("source", objects);
        FileSystemStore target = new FileSystemStore(dir.resolve("target"));
        target.prepare();
        // The source dies after 1 MiB of the big file, as a crash or a lost connection would end a copy.
        BlobStore breaking = intercept(
                source,
                (method, args) -> method.equals("open") && args[0].equals("prj_a/big.bin")
                        ? new BreakingStream(source.open("prj_a/big.bin", null, null), 1024 * 1024)
                        : null);

        MigrationSummary broken = new StoreMigration(breaking, target, out).run(source.keys("prj_a/"));

        assertEquals(4, broken.copied());
        assertEquals(1, broken.failed());
        assertFalse(broken.complete());
        assertTrue(output.toString().contains("FAILED   prj_a/big.bin: the connection broke"), output.toString());
        assertFalse(target.exists("prj_a/big.bin"), "no half object");
        try (Stream<Path> staged = Files.list(target.root().resolve(".partial"))) {
            assertEquals(0, staged.count(), "no staged file left behind");
        }

        assertOnlyCopied(() -> new StoreMigration(source, target, out).run(source.keys("prj_a/")), "prj_a/big.bin");
        assertHolds(target, objects);
    }

    @Test
    void aCopyThatReadsBackWrongIsDeletedAndCountsAsFailed() throws IOException {
        FileSystemStore source = fileStore("source", Map.of("prj_a/x.bin", random(50_000, 4)));
        FileSystemStore target = new FileSystemStore(dir.resolve("target"));
        target.prepare();
        // A target that damages one byte between the write and the publish: what the copy wrote is not what it stores.
        BlobStore damaging = intercept(
                target, (method, args) -> method.equals("stage") ? damaging(target.stage((String) args[0])) : null);

        StoreMigration.Result result = new StoreMigration(source, damaging, out).migrate("prj_a/x.bin");

        assertEquals(Outcome.FAILED, result.outcome());
        assertTrue(output.toString().contains("differs from the bytes written"), output.toString());
        assertFalse(target.exists("prj_a/x.bin"), "the bad copy is deleted");
        assertTrue(source.exists("prj_a/x.bin"), "the source is never touched");
    }

    @Test
    void theCommandMovesEveryProjectBothWaysAndSaysWhatFailed() throws IOException {
        Map<String, byte[]> objects = new TreeMap<>(projectA());
        objects.put("prj_b/other.txt", "another project".getBytes(StandardCharsets.UTF_8));
        FileSystemStore files = fileStore("files", objects);
        leaveUnfinishedWrites(files);
        try (Bucket bucket = new Bucket("everything")) {
            // An upload still in progress on S3 is no object either.
            S3MultipartStore multipart = new S3MultipartStore(bucket.s3, bucket.settings);
            String upload = multipart.create("prj_c/unfinished.bin", "application/octet-stream");
            multipart.uploadPart("prj_c/unfinished.bin", upload, 1, write(dir.resolve("part"), random(1000, 5)));

            assertEquals(
                    MigrateCommand.OK,
                    command(
                            "--to",
                            "s3",
                            "--root",
                            files.root().toString(),
                            "--staging",
                            dir.resolve("staging").toString()),
                    output.toString());
            assertEquals(objects.keySet(), bucket.allKeys());
            assertTrue(output.toString().contains("Projects: prj_a, prj_b"), output.toString());
            assertFalse(Files.exists(dir.resolve("staging")), "the staging directory is tidied up");

            Path back = dir.resolve("back");
            assertEquals(
                    MigrateCommand.OK, command("--to", "filesystem", "--root", back.toString()), output.toString());
            assertEquals(objects.keySet(), filesUnder(back));
            assertHolds(new FileSystemStore(back), objects);

            output.reset();
            assertEquals(
                    MigrateCommand.OK, command("--to", "filesystem", "--root", back.toString(), "--project", "prj_b"));
            assertTrue(output.toString().contains("Done: 0 copied (0 B), 1 already there"), output.toString());

            // A file where the target needs a folder: those keys fail, the others are copied, the status says so.
            Path clash = dir.resolve("clash");
            write(clash.resolve("prj_a/clips"), new byte[1]);
            output.reset();
            assertEquals(
                    MigrateCommand.FAILED,
                    command("--to", "filesystem", "--root", clash.toString(), "--project", "prj_a"));
            assertTrue(output.toString().contains("FAILED   prj_a/clips/2024/deep/nested.bin"), output.toString());
            assertTrue(output.toString().contains("Done: 4 copied"), output.toString());
            multipart.abort("prj_c/unfinished.bin", upload);
        }
    }

    @Test
    void theCommandRefusesWhatItCannotDo() {
        assertEquals(MigrateCommand.USAGE, command("--to", "tape", "--root", dir.toString()));
        assertEquals(MigrateCommand.USAGE, command("--to", "s3"));
        assertEquals(MigrateCommand.USAGE, command("--to", "s3", "--root", dir.toString(), "--project", "../etc"));
        assertEquals(MigrateCommand.USAGE, command("--to", "s3", "--root", dir.toString(), "--project", "prj_a/clips"));
        assertEquals(
                MigrateCommand.FAILED,
                command("--to", "s3", "--root", dir.resolve("missing").toString()));
        assertTrue(output.toString().contains("is not a directory"), output.toString());
        assertEquals(MigrateCommand.OK, command("--help"));
    }

    // --- helpers

    private int command(String... args) {
        Map<String, String> env = Map.of(
                "SMIDGEN_S3_ENDPOINT",
                server.endpoint(),
                "SMIDGEN_S3_ACCESS_KEY",
                S3Server.ACCESS_KEY,
                "SMIDGEN_S3_SECRET_KEY",
                S3Server.SECRET_KEY,
                "SMIDGEN_S3_BUCKET",
                "everything");
        return MigrateCommand.run(args, env, out);
    }

    /** Runs a migration and checks that it copied {@code key} and only that. */
    private void assertOnlyCopied(Supplier<MigrationSummary> run, String key) {
        output.reset();
        MigrationSummary summary = run.get();
        assertEquals(1, summary.copied(), output.toString());
        assertEquals(4, summary.skipped(), output.toString());
        assertEquals(0, summary.failed(), output.toString());
        assertTrue(output.toString().contains("copied   " + key + "  ("), output.toString());
    }

    private static void assertHolds(BlobStore store, Map<String, byte[]> objects) throws IOException {
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            try (InputStream in = store.open(e.getKey(), null, null)) {
                assertArrayEquals(e.getValue(), in.readAllBytes(), e.getKey());
            }
        }
    }

    private static MigrationSummary withoutTime(MigrationSummary s) {
        return new MigrationSummary(
                s.copied(), s.copiedBytes(), s.skipped(), s.skippedBytes(), s.ignored(), s.failed(), 0);
    }

    private FileSystemStore fileStore(String name, Map<String, byte[]> objects) throws IOException {
        FileSystemStore store = new FileSystemStore(dir.resolve(name));
        store.prepare();
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            put(store, e.getKey(), e.getValue());
        }
        return store;
    }

    /** A staged file and an unfinished multipart upload: bytes in the store's directory that are no objects. */
    private void leaveUnfinishedWrites(FileSystemStore store) throws IOException {
        StagedObject staged = store.stage("ses_unfinished");
        Files.write(staged.file(), random(2000, 6));
        FileSystemMultipartStore multipart = new FileSystemMultipartStore(store);
        String upload = multipart.create("prj_a/chunked.bin", "application/octet-stream");
        multipart.uploadPart("prj_a/chunked.bin", upload, 1, write(dir.resolve("chunk"), random(3000, 7)));
    }

    private void put(BlobStore store, String key, byte[] bytes) throws IOException {
        Path file = write(dir.resolve("put-" + Math.abs(key.hashCode())), bytes);
        store.put(key, file, "application/octet-stream");
        Files.delete(file);
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private static Set<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(key -> !key.startsWith(".partial/"))
                    .collect(Collectors.toSet());
        }
    }

    private static long total(Map<String, byte[]> objects) {
        return objects.values().stream().mapToLong(b -> b.length).sum();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The store, with some calls answered by {@code override} (a null answer passes the call on). */
    private static BlobStore intercept(BlobStore store, BiFunction<String, Object[], Object> override) {
        return (BlobStore) Proxy.newProxyInstance(
                BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
                    Object answer = override.apply(method.getName(), args == null ? new Object[0] : args);
                    if (answer != null) {
                        return answer;
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static StagedObject damaging(StagedObject staged) {
        return new StagedObject() {
            @Override
            public Path file() {
                return staged.file();
            }

            @Override
            public void publish(String key, String contentType) {
                try {
                    byte[] bytes = Files.readAllBytes(staged.file());
                    bytes[bytes.length / 2] ^= 1;
                    Files.write(staged.file(), bytes);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                staged.publish(key, contentType);
            }

            @Override
            public void discard() {
                staged.discard();
            }
        };
    }

    /** Fails with an I/O error after {@code limit} bytes. */
    private static final class BreakingStream extends FilterInputStream {
        private long left;

        BreakingStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("the connection broke");
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }
    }

    /** A bucket of its own on the shared server, with a store on it. */
    private final class Bucket implements AutoCloseable {
        final S3Settings settings;
        final S3Client s3;
        final S3Presigner presigner;
        final S3BlobStore store;

        Bucket(String name) {
            settings = new S3Settings(
                    server.endpoint(), "us-east-1", S3Server.ACCESS_KEY, S3Server.SECRET_KEY, name, true);
            s3 = settings.client();
            presigner = settings.presigner();
            store = new S3BlobStore(s3, presigner, settings, dir.resolve("s3-staging"));
            store.prepare();
        }

        Set<String> allKeys() {
            return s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket())).contents().stream()
                    .map(S3Object::key)
                    .collect(Collectors.toSet());
        }

        @Override
        public void close() {
            s3.close();
            presigner.close();
        }
    }
}
