package dev.smidgen.upload.storage;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.MultipartStore;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.catalog.uploads.UploadPartEntity;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadSessionRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.PartSizing;
import dev.smidgen.upload.metrics.UploadMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The chunked protocol ({@code PUT} with {@code X-Upload-Index}): chunks of any size may arrive in
 * any order, in parallel and more than once, so a chunk's byte offset is unknown until the client
 * completes. Each chunk is kept as its own object; completion joins them into the session's
 * object.
 */
@ApplicationScoped
public class ChunkStore {
    private static final Logger LOG = Logger.getLogger(ChunkStore.class);
    public static final long MIN_CHUNK = 256 * 1024;
    public static final long MAX_CHUNK = 100 * PartSizing.MIB;
    public static final int MAX_CHUNKS = PartSizing.MAX_PARTS;
    private static final int BUFFER = 256 * 1024;

    @Inject
    UploadMetrics metrics;

    @Inject
    BlobStore blobs;

    @Inject
    MultipartStore multipart;

    @Inject
    Spool spool;

    @Inject
    UploadSessionRepository sessions;

    @Inject
    UploadConfig config;

    /** A stored chunk as the client sees it; {@code etag} is the hex MD5 of its bytes. */
    public record Chunk(int index, String etag, long size) {}

    /** Stores chunk {@code index}; sending an index again replaces the earlier chunk. */
    public Chunk store(UploadSessionEntity session, int index, InputStream body) {
        if (index < 0 || index >= MAX_CHUNKS) {
            throw SmidgenException.invalid(
                    "X-Upload-Index", "X-Upload-Index must be a whole number from 0 to " + (MAX_CHUNKS - 1) + ".");
        }
        StagedObject landing = landing(session, index);
        try {
            MessageDigest md5 = md5();
            long size = copy(new DigestInputStream(body, md5), landing.file());
            if (size == 0) {
                throw SmidgenException.invalid("body", "A chunk must not be empty.");
            }
            long others = sessions.chunkBytesExcept(session.id, index);
            if (others + size > config.maxFileBytes()) {
                throw new SmidgenException(
                        ErrorCode.FILE_TOO_LARGE,
                        "The chunks add up to more than the " + config.maxFileBytes() + " bytes a file may have.");
            }
            String etag = HexFormat.of().formatHex(md5.digest());
            String key = session.chunkKey(index);
            landing.publish(key, "application/octet-stream");
            if (!sessions.recordChunkIfOpen(session.id, index, size, etag, key)) {
                blobs.delete(key);
                throw new SmidgenException(
                        ErrorCode.CONFLICT, "This upload is already being completed; no more chunks are taken.");
            }
            metrics.received("chunked", size);
            return new Chunk(index, etag, size);
        } finally {
            landing.discard();
        }
    }

    /**
     * Where a chunk's body is written before it becomes the chunk's object: a staged file that
     * publishing renames on the filesystem store, a spool file that publishing uploads on S3. The
     * name is unique, because the same index may arrive twice at once.
     */
    private StagedObject landing(UploadSessionEntity session, int index) {
        return blobs.isLocal()
                ? blobs.stage("chunk-" + session.id + "-" + index + "-" + UUID.randomUUID())
                : spool.stage(session.id, blobs);
    }

    /** The chunks received so far, in index order. */
    public List<UploadPartEntity> received(String sessionId) {
        return sessions.pieces(sessionId, UploadPartEntity.CHUNK);
    }

    /**
     * Checks the client's part list against the chunks stored: indexes 0..n-1 each exactly once,
     * each etag matching, every chunk but the last at least 256 KiB, nothing stored beyond n-1.
     * Every problem is named in one 400.
     */
    public List<UploadPartEntity> verify(String sessionId, List<ClientPart> parts) {
        List<UploadPartEntity> stored = sessions.pieces(sessionId, UploadPartEntity.CHUNK);
        List<String> problems = PartListCheck.problems(
                parts,
                stored.stream()
                        .map(c -> new PartListCheck.Stored(c.number, c.etag, c.size))
                        .toList(),
                MIN_CHUNK);
        if (!problems.isEmpty()) {
            throw SmidgenException.invalid("parts", String.join("; ", problems) + ".");
        }
        return stored;
    }

    /** A part as the client lists it on completion. */
    public record ClientPart(int index, String etag) {}

    /**
     * Joins the chunks into the session's object, then removes the chunk objects. On the
     * filesystem store the chunks are concatenated into one staged file that is renamed into place
     * (a lone chunk is simply linked); on S3 they become a multipart upload (see {@link #multipartJoin}).
     */
    public long assemble(UploadSessionEntity session, List<UploadPartEntity> chunks) {
        long total = chunks.stream().mapToLong(c -> c.size).sum();
        if (blobs.isLocal()) {
            fileJoin(session, chunks);
        } else {
            multipartJoin(session, chunks, total);
        }
        for (UploadPartEntity chunk : chunks) {
            blobs.delete(chunk.storageKey);
        }
        sessions.deletePieces(session.id, UploadPartEntity.CHUNK);
        LOG.infof("%s: assembled %d chunks, %d bytes", session.id, chunks.size(), total);
        return total;
    }

    /**
     * Each byte is copied once, in the kernel ({@link FileChannel#transferTo}), into the session's
     * staged file; a single chunk needs no copy at all, since the store links published objects.
     */
    private void fileJoin(UploadSessionEntity session, List<UploadPartEntity> chunks) {
        if (chunks.size() == 1) {
            blobs.copy(chunks.get(0).storageKey, session.storageKey);
            return;
        }
        StagedObject joined = blobs.stage(session.stageName());
        try (FileChannel out = FileChannel.open(
                joined.file(),
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (UploadPartEntity chunk : chunks) {
                Path file =
                        blobs.localFile(chunk.storageKey).orElseThrow(() -> SmidgenException.notFound("Stored chunk"));
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    if (in.size() != chunk.size) {
                        throw new SmidgenException(
                                ErrorCode.INTERNAL,
                                "Chunk " + chunk.number + " holds " + in.size() + " bytes, not " + chunk.size + ".");
                    }
                    long done = 0;
                    while (done < chunk.size) {
                        long n = in.transferTo(done, chunk.size - done, out);
                        if (n <= 0) {
                            throw new IOException("chunk " + chunk.number + " ended after " + done + " bytes");
                        }
                        done += n;
                    }
                }
            }
        } catch (IOException e) {
            joined.discard();
            throw SmidgenException.transientFailure(
                    ErrorCode.UNAVAILABLE, "Could not join the stored chunks: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            joined.discard();
            throw e;
        }
        joined.publish(session.storageKey, "application/octet-stream");
    }

    /**
     * When the client used one chunk size of at least 5 MiB (as the documented example does) each
     * chunk becomes one part by a server-side copy; otherwise the bytes are re-cut into equal parts.
     */
    private void multipartJoin(UploadSessionEntity session, List<UploadPartEntity> chunks, long total) {
        String uploadId = multipart.create(session.storageKey, "application/octet-stream");
        try {
            List<MultipartStore.CompletedPart> parts =
                    aligned(chunks) ? copyChunks(session, uploadId, chunks) : recut(session, uploadId, chunks, total);
            multipart.complete(session.storageKey, uploadId, parts);
        } catch (RuntimeException e) {
            multipart.abort(session.storageKey, uploadId);
            throw e;
        }
    }

    private static boolean aligned(List<UploadPartEntity> chunks) {
        long size = chunks.get(0).size;
        if (size < PartSizing.MIN_PART || size > PartSizing.MAX_PART) {
            return chunks.size() == 1;
        }
        for (int i = 0; i < chunks.size() - 1; i++) {
            if (chunks.get(i).size != size) {
                return false;
            }
        }
        return chunks.get(chunks.size() - 1).size <= size;
    }

    private List<MultipartStore.CompletedPart> copyChunks(
            UploadSessionEntity session, String uploadId, List<UploadPartEntity> chunks) {
        return chunks.stream()
                .map(c -> new MultipartStore.CompletedPart(
                        c.number + 1,
                        multipart.copyPart(session.storageKey, uploadId, c.number + 1, c.storageKey, 0, c.size - 1)))
                .toList();
    }

    private List<MultipartStore.CompletedPart> recut(
            UploadSessionEntity session, String uploadId, List<UploadPartEntity> chunks, long total) {
        long partSize = PartSizing.partSize(total, config.partSize().asLongValue());
        List<MultipartStore.CompletedPart> parts = new CopyOnWriteArrayList<>();
        try (PartPipeline pipeline = new PartPipeline(
                multipart,
                spool,
                session.id,
                session.storageKey,
                uploadId,
                partSize,
                config.partsInFlight(),
                0,
                null,
                total,
                (number, size, etag) -> parts.add(new MultipartStore.CompletedPart(number, etag)))) {
            for (UploadPartEntity chunk : chunks) {
                try (InputStream in = blobs.open(chunk.storageKey, null, null)) {
                    pipeline.write(in, total, total - pipeline.bytesTaken()); // every byte up to the total follows
                }
            }
            pipeline.sendLast();
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "Could not read a stored chunk back.", e);
        }
        return parts.stream()
                .sorted(Comparator.comparingInt(MultipartStore.CompletedPart::number))
                .toList();
    }

    private static long copy(InputStream in, Path file) {
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                if (size > MAX_CHUNK) {
                    throw new SmidgenException(ErrorCode.REQUEST_TOO_LARGE, "A chunk can be at most 100 MiB.");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The chunk's body was cut off", e);
        }
        return size;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5"); // an ETag like S3's, not a security check
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
