package dev.smidgen.catalog.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.catalog.storage.S3Config.PayloadSigning;
import dev.smidgen.devstack.S3Server;
import dev.smidgen.model.ErrorCode;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The storage contract on the S3 store against a real S3 server (devstack's s3proxy, started alone),
 * with a bucket per test. Parts and thresholds are set to S3's smallest (5 MiB), so that the
 * contract's big objects go through multipart uploads and multipart copies.
 */
@Tag("slow") // left out of the fast loop (CONTRIBUTING.md); verify runs it
class S3BlobStoreContractTests extends BlobStoreContract {
    private static final long MIB = 1024 * 1024;
    /** As the services run: a staged file of known size that goes up while it is written is one streamed PUT. */
    private static final S3TransferSettings SMALL_PARTS =
            new S3TransferSettings(5 * MIB, 5 * MIB, 2, 5 * MIB, 5 * MIB, S3TransferSettings.MAX_SINGLE_REQUEST);
    /** Every staged file that goes up while it is written goes in parts. */
    private static final S3TransferSettings IN_PARTS = new S3TransferSettings(5 * MIB, 5 * MIB, 2, 5 * MIB, 5 * MIB, 0);

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path shared;

    private static S3Server server;
    private static S3Client s3;
    private static S3Presigner presigner;

    private String bucket;

    @BeforeAll
    static void startS3() {
        server = S3Server.standalone(shared.resolve("s3"), "unused");
        s3 = client(PayloadSigning.AUTO);
        presigner = S3Presigner.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
            presigner.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A client set up as the services' (microprofile-config.properties): path-style, checksums only when required. */
    // checksumValidationEnabled is deprecated, but it is what quarkus.s3.checksum-validation=false sets.
    @SuppressWarnings("deprecation")
    static S3Client client(PayloadSigning signing) {
        return S3PayloadSigning.apply(
                        S3Client.builder()
                                .httpClientBuilder(ApacheHttpClient.builder())
                                .endpointOverride(URI.create(server.endpoint()))
                                .region(Region.US_EAST_1)
                                .credentialsProvider(credentials())
                                .serviceConfiguration(S3Configuration.builder()
                                        .pathStyleAccessEnabled(true)
                                        .checksumValidationEnabled(false)
                                        .build()),
                        signing)
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY));
    }

    @Override
    protected Stores create(Path scratch) {
        return stores(s3, scratch);
    }

    private Stores stores(S3Client client, Path scratch) {
        return stores(client, scratch, SMALL_PARTS);
    }

    private Stores stores(S3Client client, Path scratch, S3TransferSettings settings) {
        bucket = "contract-" + BUCKETS.incrementAndGet();
        S3BlobStore blobs = new S3BlobStore(client, presigner, bucket, true, settings, scratch.resolve("staging"));
        blobs.prepare();
        return new Stores(blobs, new S3MultipartStore(client, bucket));
    }

    @Override
    protected Set<String> allKeys() {
        Set<String> keys = new TreeSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .forEach(keys::add);
        return keys;
    }

    @Override
    protected void assertNothingOutsideTheStore() throws IOException {
        for (Bucket b : s3.listBuckets().buckets()) {
            assertTrue(
                    b.name().startsWith("contract-") || b.name().equals("unused"), "a bucket nobody made: " + b.name());
        }
        Path input = scratch.resolve("input");
        Path staging = scratch.resolve("staging");
        eachFile(
                scratch,
                file -> assertTrue(
                        file.startsWith(input) || file.startsWith(staging), "written outside the store: " + file));
        // Parts of an unfinished multipart upload are stored (and billed) too, though no key lists them.
        assertEquals(
                List.of(), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads(), "multipart uploads left open");
    }

    @Test
    void everyPayloadSigningModeIsAcceptedByTheServer() throws IOException {
        for (PayloadSigning mode : PayloadSigning.values()) {
            try (S3Client client = client(mode)) {
                Stores stores = stores(client, scratch.resolve(mode.name()));
                byte[] small = bytes(300_000);
                byte[] big = bytes(BIG);
                stores.blobs().put("prj/small", file(small), "text/plain");
                stores.blobs().put("prj/big", file(big), "video/mp4");
                try (var in = stores.blobs().open("prj/small", null, null)) {
                    assertArrayEquals(small, in.readAllBytes(), mode.name());
                }
                try (var in = stores.blobs().open("prj/big", null, null)) {
                    assertArrayEquals(big, in.readAllBytes(), mode.name());
                }
            }
        }
    }

    @Test
    void aBigPutGoesUpInPartsAtMostPartsInFlightAtOnce() throws IOException {
        List<Integer> parts = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch twoStarted = new CountDownLatch(2);
        S3Client watched = watched((method, args) -> {
            if (method.equals("uploadPart")) {
                parts.add(((UploadPartRequest) args[0]).partNumber());
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                twoStarted.countDown();
                await(twoStarted); // the first two parts wait for each other: they must be sent side by side
                inFlight.decrementAndGet();
            }
        });
        Stores stores = stores(watched, scratch);
        byte[] data = bytes(BIG);
        stores.blobs().put("prj/parts", file(data), "video/mp4");
        assertEquals(List.of(1, 2, 3), parts.stream().sorted().toList());
        assertEquals(2, mostInFlight.get(), "parts in flight");
        try (var in = stores.blobs().open("prj/parts", null, null)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void aFailedPartAbortsTheUploadAfterThePartsInFlight() throws IOException {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        S3Client failing = watched((method, args) -> {
            if (method.equals("uploadPart") && ((UploadPartRequest) args[0]).partNumber() == 2) {
                sleep(100);
                calls.add("part 2 failed");
                throw SdkClientException.create("connection reset (test)");
            }
            if (method.equals("uploadPart")) {
                sleep(300);
                calls.add("part " + ((UploadPartRequest) args[0]).partNumber() + " done");
            }
            if (method.equals("abortMultipartUpload")) {
                calls.add("abort " + ((AbortMultipartUploadRequest) args[0]).uploadId());
            }
        });
        Stores stores = stores(failing, scratch);
        assertCode(ErrorCode.UNAVAILABLE, () -> stores.blobs().put("prj/failed", file(bytes(BIG)), "video/mp4"));
        assertEquals(3, calls.size(), calls.toString());
        assertEquals(
                List.of("part 2 failed", "part 1 done"),
                calls.subList(0, 2),
                "part 3 never starts; part 1 ends before the abort");
        assertTrue(calls.get(2).startsWith("abort "), calls.toString());
        assertFalse(stores.blobs().exists("prj/failed"));
        assertEquals(0, s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().size(), "the upload is gone");
    }

    @Test
    void anExpectedStagedFileGoesUpWhileItIsWritten() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        S3Client watched = watched((method, args) -> calls.add(method));
        Stores stores = stores(watched, scratch, IN_PARTS);
        calls.clear(); // the bucket's creation
        StagedObject staged = stores.blobs().stage("task-early");
        byte[] data = bytes(BIG);
        int head = 2 * MIN_PART + 1000;
        Files.write(staged.file(), Arrays.copyOf(data, head));
        staged.written(head);
        staged.expect("prj/early", "video/mp4", data.length);
        awaitTrue(
                () -> calls.stream().filter("uploadPart"::equals).count() == 2,
                "the two whole parts go up before the file is done");
        Files.write(
                staged.file(), Arrays.copyOfRange(data, head, data.length), java.nio.file.StandardOpenOption.APPEND);
        staged.written(data.length);
        staged.publish("prj/early", "video/mp4");

        assertEquals(
                List.of("createMultipartUpload", "uploadPart", "uploadPart", "uploadPart", "completeMultipartUpload"),
                calls,
                "the last part at publish, then complete; no second upload");
        assertArrayEquals(data, stores.blobs().open("prj/early", null, null).readAllBytes());
        assertEquals(
                "video/mp4",
                s3.headObject(b -> b.bucket(bucket).key("prj/early")).contentType());
        assertNothingOutsideTheStore();
    }

    @Test
    void aPartThatFailsWhileWrittenLeavesItToAnUploadAtPublish() throws Exception {
        AtomicInteger firstParts = new AtomicInteger();
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        S3Client failing = watched((method, args) -> {
            calls.add(method);
            if (method.equals("uploadPart")
                    && ((UploadPartRequest) args[0]).partNumber() == 1
                    && firstParts.incrementAndGet() == 1) {
                throw SdkClientException.create("connection reset (test)");
            }
        });
        Stores stores = stores(failing, scratch, IN_PARTS);
        StagedObject staged = stores.blobs().stage("task-part-fails");
        byte[] data = bytes(BIG);
        writeInSteps(staged, data, () -> staged.expect("prj/retried", "video/mp4", data.length));
        staged.publish("prj/retried", "video/mp4");

        assertArrayEquals(data, stores.blobs().open("prj/retried", null, null).readAllBytes());
        assertEquals(1, calls.stream().filter("abortMultipartUpload"::equals).count(), "the early upload is aborted");
        assertEquals(2, calls.stream().filter("createMultipartUpload"::equals).count(), "and the file sent again");
        assertNothingOutsideTheStore();
    }

    @Test
    void discardingAbortsTheEarlyUploadAfterItsPartsInFlight() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        S3Client slow = watched((method, args) -> {
            if (method.equals("uploadPart")) {
                sleep(300);
                calls.add("part " + ((UploadPartRequest) args[0]).partNumber() + " sent");
            }
            if (method.equals("abortMultipartUpload")) {
                calls.add("abort");
            }
        });
        Stores stores = stores(slow, scratch, IN_PARTS);
        StagedObject staged = stores.blobs().stage("task-discarded");
        writeInSteps(staged, bytes(BIG), () -> staged.expect("prj/never", "video/mp4", BIG));
        staged.discard();

        assertEquals(3, calls.size(), calls.toString());
        assertEquals(
                Set.of("part 1 sent", "part 2 sent"),
                Set.copyOf(calls.subList(0, 2)),
                "the two whole parts, side by side");
        assertEquals("abort", calls.get(2), "the abort comes after every part in flight");
        assertEquals(Set.of(), allKeys());
        assertNothingOutsideTheStore();
    }

    @Test
    void aStagedFileOfKnownSizeGoesUpAsOneStreamedPutThatEndsOnlyAtPublish() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        S3Client watched = watched((method, args) -> calls.add(method));
        Stores stores = stores(watched, scratch);
        stores.blobs().put("prj/streamed", file(bytes(300)), "text/plain");
        calls.clear();
        StagedObject staged = stores.blobs().stage("task-streamed");
        byte[] data = bytes(BIG);
        writeInSteps(staged, data, () -> staged.expect("prj/streamed", "video/mp4", data.length));
        awaitTrue(() -> calls.contains("putObject"), "the PUT starts while the file is written");
        sleep(300); // every byte but the last could have gone by now
        assertEquals(300, stores.blobs().size("prj/streamed"), "the key keeps its object until publishing");
        staged.publish("prj/streamed", "video/mp4");

        assertEquals(
                List.of("putObject"),
                calls.stream().filter(call -> !call.equals("headObject")).toList(), // the test's own size check
                "one request, no parts and no second upload");
        assertArrayEquals(data, stores.blobs().open("prj/streamed", null, null).readAllBytes());
        assertEquals(
                "video/mp4",
                s3.headObject(b -> b.bucket(bucket).key("prj/streamed")).contentType());
        assertFalse(Files.exists(staged.file()));
        assertNothingOutsideTheStore();
    }

    @Test
    void aDiscardedStreamedPutStoresNothing() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Stores stores = stores(watched((method, args) -> calls.add(method)), scratch);
        stores.blobs().put("prj/kept", file(bytes(300)), "text/plain");
        StagedObject discarded = stores.blobs().stage("task-discarded");
        writeInSteps(discarded, bytes(BIG), () -> discarded.expect("prj/kept", "video/mp4", BIG));
        StagedObject elsewhere = stores.blobs().stage("task-elsewhere");
        byte[] data = bytes(BIG);
        writeInSteps(elsewhere, data, () -> elsewhere.expect("prj/guess", "video/mp4", data.length));
        awaitTrue(() -> calls.stream().filter("putObject"::equals).count() == 3, "both PUTs start");
        discarded.discard();
        elsewhere.publish("prj/real", "video/mp4");

        assertEquals(300, stores.blobs().size("prj/kept"), "the object under the expected key is untouched");
        assertEquals(Set.of("prj/kept", "prj/real"), allKeys(), "nothing under the guessed key");
        assertArrayEquals(data, stores.blobs().open("prj/real", null, null).readAllBytes());
        assertFalse(Files.exists(discarded.file()));
        assertNothingOutsideTheStore();
    }

    @Test
    void aFileThatEndsAtAnotherSizeThanExpectedIsStoredAnewWhole() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Stores stores = stores(watched((method, args) -> calls.add(method)), scratch);
        StagedObject staged = stores.blobs().stage("task-longer");
        byte[] data = bytes(BIG);
        // The source announced fewer bytes than it sent.
        writeInSteps(staged, data, () -> staged.expect("prj/longer", "video/mp4", BIG - 1000));
        staged.publish("prj/longer", "video/mp4");

        assertArrayEquals(data, stores.blobs().open("prj/longer", null, null).readAllBytes());
        assertEquals(Set.of("prj/longer"), allKeys());
        assertTrue(calls.contains("createMultipartUpload"), "stored anew, in parts: " + calls);
        assertNothingOutsideTheStore();
    }

    @Test
    void aCopyOverTheCopyThresholdGoesPartByPart() throws IOException {
        AtomicInteger copiedParts = new AtomicInteger();
        S3Client watched = watched((method, args) -> {
            if (method.equals("uploadPartCopy")) {
                copiedParts.incrementAndGet();
            }
        });
        Stores stores = stores(watched, scratch);
        byte[] data = bytes(BIG);
        stores.blobs().put("prj/source", file(data), "video/mp4");
        stores.blobs().copy("prj/source", "prj/copy");
        assertEquals(3, copiedParts.get());
        assertEquals(
                "video/mp4",
                s3.headObject(b -> b.bucket(bucket).key("prj/copy")).contentType());
        try (var in = stores.blobs().open("prj/copy", null, null)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    /**
     * The shared client, with {@code before} called ahead of each of its operations (by name, with the
     * request). The builder-taking variants are the interface's own default methods: they build the
     * request and call the proxy again, so that {@code before} always sees the request object.
     */
    private static S3Client watched(BiConsumer<String, Object[]> before) {
        return (S3Client) Proxy.newProxyInstance(
                S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof Consumer<?>) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    before.accept(method.getName(), args);
                    try {
                        return method.invoke(s3, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(20, TimeUnit.SECONDS), "the other part never started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
