package dev.smidgen.upload.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SHA-256 of an upload's bytes so far, carried from one request to the next while the requests of a
 * session reach this replica in order (tus PATCHes, {@code Content-Range} PUTs). The last request then
 * knows the whole file's checksum, and the ingest does not read the file again to compute it.
 *
 * <p>Only an optimisation: a request that finds no running digest for its offset (the previous one went
 * to another replica, this one restarted, or the entry was evicted) hashes nothing, and the ingest
 * hashes the stored file as before. A digest is taken out of the map for the length of a request and put
 * back only when the request's bytes were kept, so a rejected request can never leave a digest that
 * covers bytes the file does not hold.
 */
@ApplicationScoped
public class RunningDigests {
    /** Sessions tracked at most; a digest's state is about a hundred bytes. */
    static final int MAX_SESSIONS = 10_000;

    private record Running(long offset, MessageDigest digest) {}

    private final Map<String, Running> running = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Running> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /**
     * The digest of the session's first {@code offset} bytes, removed from the map: a fresh one at offset
     * 0, the running one when it ends exactly there, else null (nothing to continue from).
     */
    public MessageDigest take(String sessionId, long offset) {
        Running found;
        synchronized (running) {
            found = running.remove(sessionId);
        }
        if (offset == 0) {
            return sha256();
        }
        return found != null && found.offset() == offset ? found.digest() : null;
    }

    /** Keeps the digest of the session's first {@code offset} bytes for its next request. */
    public void keep(String sessionId, long offset, MessageDigest digest) {
        if (digest == null) {
            return;
        }
        synchronized (running) {
            running.put(sessionId, new Running(offset, digest));
        }
    }

    /** Drops whatever is kept for the session (it completed, was reset or cancelled). */
    public void forget(String sessionId) {
        synchronized (running) {
            running.remove(sessionId);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
