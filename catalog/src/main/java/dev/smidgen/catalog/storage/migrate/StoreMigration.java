package dev.smidgen.catalog.storage.migrate;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.StagedObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Copies objects from one {@link BlobStore} to another under the same keys, so that a library moves
 * between the filesystem store and S3 without losing a byte. The source is only read: deleting the
 * old store is left to the operator, once the services run on the new one.
 *
 * <p>Per key: when the target already holds an object of the same size and the same SHA-256, it is
 * left alone, so a second run after a crash or a failure copies only what is missing or different.
 * Otherwise the source is streamed into a staged object of the target (hashed on the way), published,
 * and read back: a copy whose SHA-256 or length differs from what was read is deleted again and the
 * key counts as failed. One key failing does not stop the others.
 *
 * <p>Memory stays at one buffer whatever the object sizes; keys are consumed as the listing streams
 * them. On S3 the staged object is a local file of the object's size (see {@link BlobStore#stage}).
 */
public final class StoreMigration {
    private static final int BUFFER_SIZE = 256 * 1024;
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final BlobStore source;
    private final BlobStore target;
    private final PrintStream out;

    public StoreMigration(BlobStore source, BlobStore target, PrintStream out) {
        this.source = source;
        this.target = target;
        this.out = out;
    }

    /** What happened to one key. */
    public enum Outcome {
        /** Copied and verified. */
        COPIED,
        /** The target already had the same bytes. */
        SKIPPED,
        /** Not an object: a folder marker some S3 tools create ({@code a/b/}); Smidgen never writes one. */
        IGNORED,
        /** Not copied, or copied wrongly and removed again; the reason was printed. */
        FAILED
    }

    /** What happened to one key, and the object's size (0 when it could not be read). */
    public record Result(Outcome outcome, long bytes) {}

    /** Migrates every key of the stream (closing it), printing a line per copy or failure and a progress line every few seconds. */
    public MigrationSummary run(Stream<String> keys) {
        MigrationSummary.Counter counter = new MigrationSummary.Counter();
        long lastProgress = System.nanoTime();
        try (keys) {
            Iterator<String> it = keys.iterator();
            while (it.hasNext()) {
                counter.add(migrate(it.next()));
                if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                    out.println("  ... " + counter.progressLine());
                    lastProgress = System.nanoTime();
                }
            }
        }
        return counter.finish();
    }

    /** Migrates one key; a problem with it is printed and answered with {@link Outcome#FAILED}, never thrown. */
    public Result migrate(String key) {
        if (key.endsWith("/")) {
            out.println("  ignored  " + key + " (a folder marker, not an object)");
            return new Result(Outcome.IGNORED, 0);
        }
        long size = 0;
        try {
            size = source.size(key);
            if (target.exists(key) && target.size(key) == size) {
                if (digest(source, key).equals(digest(target, key))) {
                    return new Result(Outcome.SKIPPED, size);
                }
                out.println("  differs  " + key + " (same size, other bytes): copying it again");
            }
            Digest written = copy(key, size);
            Digest stored = digest(target, key);
            if (!stored.equals(written)) {
                throw new MigrationException("the copy read back from the target (" + stored
                        + ") differs from the bytes written (" + written + "); " + removeBadCopy(key));
            }
            out.println(
                    "  copied   " + key + "  (" + MigrationSummary.bytes(size) + ", sha256 " + written.sha256 + ")");
            return new Result(Outcome.COPIED, size);
        } catch (IOException | RuntimeException e) {
            // Any failure of this key's copy (a store error, a key the target refuses, a bad copy) is
            // this key's: reported, counted, and the next key goes ahead.
            out.println("  FAILED   " + key + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return new Result(Outcome.FAILED, size);
        }
    }

    /** Streams the source object into a staged object of the target, hashing what goes by, and publishes it. */
    private Digest copy(String key, long size) throws IOException {
        StagedObject staged = target.stage(stageName(key));
        try {
            Digest written;
            try (InputStream in = source.open(key, null, null);
                    OutputStream file = Files.newOutputStream(staged.file())) {
                written = transfer(in, file);
            }
            if (written.length != size) {
                throw new MigrationException(
                        "read " + written.length + " bytes of a " + size + "-byte object (did it change meanwhile?)");
            }
            staged.publish(key, contentTypeOf(key));
            return written;
        } finally {
            staged.discard(); // nothing left after a publish; a half-written file after a failure
        }
    }

    private String removeBadCopy(String key) {
        try {
            target.delete(key);
            return "it was deleted again";
        } catch (RuntimeException e) {
            // The next run finds it different from the source and copies it again.
            return "deleting it failed too (" + e.getMessage() + ")";
        }
    }

    private static Digest digest(BlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key, null, null)) {
            return transfer(in, OutputStream.nullOutputStream());
        }
    }

    private static Digest transfer(InputStream in, OutputStream out) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[BUFFER_SIZE];
        long length = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            sha256.update(buffer, 0, n);
            out.write(buffer, 0, n);
            length += n;
        }
        return new Digest(HexFormat.of().formatHex(sha256.digest()), length);
    }

    /**
     * The same name for the same key, so a run that died mid-copy leaves one staged file that the next
     * run overwrites instead of a new one per attempt (the stores' janitors remove it otherwise).
     */
    static String stageName(String key) {
        return "migrate-"
                + HexFormat.of()
                        .formatHex(sha256().digest(key.getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 40);
    }

    /**
     * Only S3 keeps a content type with the object, and Smidgen serves the one in its database instead;
     * this one is for people browsing the bucket, guessed from the key's file name.
     */
    static String contentTypeOf(String key) {
        String guessed = URLConnection.getFileNameMap().getContentTypeFor(key.substring(key.lastIndexOf('/') + 1));
        return guessed == null ? DEFAULT_CONTENT_TYPE : guessed;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }

    private record Digest(String sha256, long length) {
        @Override
        public String toString() {
            return length + " bytes, sha256 " + sha256;
        }
    }

    /** A key whose copy went wrong in a way no store reported. */
    private static final class MigrationException extends RuntimeException {
        MigrationException(String message) {
            super(message);
        }
    }
}
