package dev.smidgen.upload.storage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spool files of tails this replica stored last, so that the session's next request, when it
 * comes here, continues from the local file instead of reading the tail object back from S3. The tail
 * object stays the copy of record (any replica may get the next request); this is only a shortcut.
 *
 * <p>A kept file is the tail of one multipart upload at one offset. Within one upload the bytes before
 * the offset never change (they were acknowledged), so a file that matches both is the tail object's
 * twin; a new multipart upload (a session that started over) never matches an older file. Bounded by
 * {@value #MAX_FILES} files and {@value #MAX_BYTES} bytes of spool; the least recently kept go first.
 */
@ApplicationScoped
public class LocalTails {
    static final int MAX_FILES = 64;
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private record Kept(String uploadId, long offset, Path file, long size) {}

    @Inject
    Spool spool;

    private final Map<String, Kept> kept = new LinkedHashMap<>();
    private long bytes;

    /** Keeps {@code file} (now owned here) as the tail of {@code uploadId} at {@code offset}; replaces the session's earlier one. */
    public void keep(String sessionId, String uploadId, long offset, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            spool.release(file);
            return;
        }
        List<Path> dropped = new ArrayList<>();
        synchronized (kept) {
            Kept old = kept.remove(sessionId);
            if (old != null) {
                bytes -= old.size();
                dropped.add(old.file());
            }
            if (size > MAX_BYTES) {
                dropped.add(file);
            } else {
                kept.put(sessionId, new Kept(uploadId, offset, file, size));
                bytes += size;
                Iterator<Kept> eldest = kept.values().iterator();
                while (kept.size() > MAX_FILES || bytes > MAX_BYTES) {
                    Kept gone = eldest.next();
                    eldest.remove();
                    bytes -= gone.size();
                    dropped.add(gone.file());
                }
            }
        }
        dropped.forEach(spool::release);
    }

    /**
     * The kept tail of {@code uploadId} at {@code offset}, holding {@code size} bytes, now owned by the
     * caller; null when there is none that matches (a mismatching one is dropped).
     */
    public Path take(String sessionId, String uploadId, long offset, long size) {
        Kept found;
        synchronized (kept) {
            found = kept.remove(sessionId);
            if (found != null) {
                bytes -= found.size();
            }
        }
        if (found == null) {
            return null;
        }
        if (found.uploadId().equals(uploadId)
                && found.offset() == offset
                && found.size() == size
                && sizeOf(found.file()) == size) {
            return found.file();
        }
        spool.release(found.file());
        return null;
    }

    /** Drops the session's kept tail (it completed, was cancelled or started over). */
    public void forget(String sessionId) {
        Kept gone;
        synchronized (kept) {
            gone = kept.remove(sessionId);
            if (gone != null) {
                bytes -= gone.size();
            }
        }
        if (gone != null) {
            spool.release(gone.file());
        }
    }

    @PreDestroy
    void dropAll() {
        List<Kept> all;
        synchronized (kept) {
            all = new ArrayList<>(kept.values());
            kept.clear();
            bytes = 0;
        }
        all.forEach(k -> spool.release(k.file()));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
