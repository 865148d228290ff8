package dev.smidgen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible server: s3proxy with its filesystem backend, in a child JVM. Public for tests of
 * S3 code that need a real server but not the rest of the stack ({@link #standalone}).
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "smidgen";
    public static final String SECRET_KEY = "smidgen-secret";
    // Full JIT (no TieredStopAtLevel=1): s3proxy moves every stored byte, and C1-only code halves
    // its upload throughput for a start-up saving of well under a second.
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

    private final ChildProcess process;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private S3Server(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Launches s3proxy on {@code port}, storing objects under {@code s3Dir/blobs}; the bucket exists before it starts. */
    static S3Server launch(Path s3Dir, int port, String bucket, Path logFile, Artifacts artifacts, Path agentDir) {
        return launch(s3Dir, port, bucket, logFile, artifacts, agentDir, ACCESS_KEY, SECRET_KEY);
    }

    private static S3Server launch(
            Path s3Dir,
            int port,
            String bucket,
            Path logFile,
            Artifacts artifacts,
            Path agentDir,
            String accessKey,
            String secretKey) {
        Path blobs = s3Dir.resolve("blobs");
        Path properties = s3Dir.resolve("s3proxy.properties");
        try {
            // With the filesystem backend a bucket is a directory under the base directory.
            Files.createDirectories(blobs.resolve(bucket));
            Files.writeString(properties, renderProperties(port, blobs, accessKey, secretKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare s3proxy in " + s3Dir, e);
        }
        Log.info("s3", "starting s3proxy on 127.0.0.1:%d (bucket %s in %s)", port, bucket, blobs);
        ChildProcess process = ChildProcess.java("s3")
                .jvmOptions(JVM_OPTIONS)
                .arguments(List.of("-jar", artifacts.s3proxyJar().toString(), "--properties", properties.toString()))
                .workDir(s3Dir)
                .logFile(logFile)
                .agentDir(agentDir)
                .start();
        return new S3Server(process, port);
    }

    /**
     * s3proxy alone on a free port, data and log under {@code dir}, with {@code bucket} created; ready
     * when this returns. It dies with this JVM if nobody closes it.
     */
    public static S3Server standalone(Path dir, String bucket) {
        return standalone(dir, bucket, ACCESS_KEY, SECRET_KEY);
    }

    /**
     * {@link #standalone(Path, String)} with keys of its own: s3proxy serves one identity per
     * instance, so a test that needs storage under other credentials (a user's own bucket beside the
     * stack's) starts a second instance.
     */
    public static S3Server standalone(Path dir, String bucket, String accessKey, String secretKey) {
        Path logs = dir.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logs, e);
        }
        S3Server server = launch(
                dir,
                Ports.pickFree(),
                bucket,
                logs.resolve("s3.log"),
                Artifacts.locate(),
                dir.resolve("run"),
                accessKey,
                secretKey);
        try {
            server.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Blocks until s3proxy answers an HTTP request (any status: an anonymous request may be refused). */
    void awaitReady(Duration timeout) {
        long started = System.nanoTime();
        process.awaitReady(timeout, 100, this::answers);
        Log.info("s3", "ready on %s in %d ms", endpoint(), Log.millisSince(started));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        // SIGKILL on purpose: the filesystem backend keeps nothing in memory, the services (its only clients)
        // are stopped before it, and s3proxy's graceful Jetty stop just idles for two seconds.
        process.kill();
        Log.info("s3", "stopped in %d ms", Log.millisSince(started));
    }

    static String renderProperties(int port, Path blobs) {
        return renderProperties(port, blobs, ACCESS_KEY, SECRET_KEY);
    }

    private static String renderProperties(int port, Path blobs, String accessKey, String secretKey) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("s3proxy.endpoint", "http://127.0.0.1:" + port);
        p.put("s3proxy.authorization", "aws-v2-or-v4");
        p.put("s3proxy.identity", accessKey);
        p.put("s3proxy.credential", secretKey);
        // Browsers upload straight to presigned URLs in local development.
        p.put("s3proxy.cors-allow-all", "true");
        p.put("jclouds.provider", "filesystem");
        p.put("jclouds.filesystem.basedir", blobs.toAbsolutePath().toString());
        p.put("jclouds.identity", accessKey);
        p.put("jclouds.credential", secretKey);
        StringBuilder out = new StringBuilder("# Written by devstack on every start; edits are overwritten.\n");
        p.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
        return out.toString();
    }

    private boolean answers() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            http.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
