package dev.smidgen.upload.sessions;

import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One writer per session across every upload-service replica: a conditional UPDATE takes the
 * session row's lock, a timer renews it while bytes flow, and a writer that dies simply stops
 * renewing so the lock frees itself after {@code smidgen.uploads.lock-timeout}. No sticky sessions
 * and no connection held open during a long request.
 *
 * <p>A request that sends bytes in a series of many (a tus PATCH, a {@code Content-Range} PUT) pays
 * its round trips to PostgreSQL once per request, so the lock reads the row it takes in the same
 * statement ({@link #acquire}), and a request whose bytes are stored gives the lock up in the
 * commit that records its new offset ({@link Held#advanceAndRelease}).
 */
@ApplicationScoped
public class SessionLock {
    private static final Logger LOG = Logger.getLogger(SessionLock.class);
    private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "upload-lock-renewal");
        t.setDaemon(true);
        return t;
    });

    @Inject
    EntityManager em;

    @Inject
    UploadConfig config;

    /**
     * Takes the session for this request, or refuses with 409 when another request writes to it. The
     * row comes back with the lock, in the same statement ({@link Held#session()}): a request needs it
     * as it is under the lock (the offset another request may just have moved), and a request of a
     * long series (a tus PATCH) pays for each round trip to PostgreSQL.
     */
    public Held acquire(String sessionId) {
        String owner = UUID.randomUUID().toString();
        UploadSessionEntity current = QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery("""
                    UPDATE upload_sessions SET lock_owner = ?2, lock_expires = now() + make_interval(secs => ?3)
                     WHERE id = ?1 AND status = 'open' AND (lock_owner IS NULL OR lock_expires < now())
                    RETURNING *
                    """, UploadSessionEntity.class)
                    .setParameter(1, sessionId)
                    .setParameter(2, owner)
                    .setParameter(3, seconds())
                    .getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            UploadSessionEntity row = (UploadSessionEntity) rows.get(0);
            em.detach(row);
            return row;
        });
        if (current == null) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT,
                    "Another request is writing to this upload right now; retry when it has finished.");
        }
        return new Held(sessionId, owner, current);
    }

    private double seconds() {
        return config.lockTimeout().toMillis() / 1000.0;
    }

    /** A held lock; closing it releases the session (unless {@link #advanceAndRelease} did). */
    public final class Held implements AutoCloseable {
        private final String sessionId;
        private final String owner;
        private final UploadSessionEntity session;
        private final ScheduledFuture<?> renewal;
        private boolean released;

        private Held(String sessionId, String owner, UploadSessionEntity session) {
            this.sessionId = sessionId;
            this.owner = owner;
            this.session = session;
            long every = Math.max(1, config.lockTimeout().toMillis() / 3);
            this.renewal = RENEWALS.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        public String owner() {
            return owner;
        }

        /** The session's row as taking the lock left it (detached). */
        public UploadSessionEntity session() {
            return session;
        }

        /**
         * Records that the session's first {@code received} bytes are durably stored and releases the
         * lock, in one commit: for a request with nothing left to do under the lock. Like
         * {@link SessionWrites#advance}, only while the lock is still this request's (409 otherwise).
         */
        public void advanceAndRelease(long received) {
            renewal.cancel(false);
            int updated = QuarkusTransaction.requiringNew()
                    .call(() -> em.createNativeQuery("""
                    UPDATE upload_sessions SET received = ?3, updated = now(), lock_owner = NULL, lock_expires = NULL
                     WHERE id = ?1 AND lock_owner = ?2
                    """)
                            .setParameter(1, sessionId)
                            .setParameter(2, owner)
                            .setParameter(3, received)
                            .executeUpdate());
            released = true; // either released now, or no longer this request's to release
            if (updated != 1) {
                throw SessionWrites.takenOver();
            }
        }

        private void renew() {
            try {
                QuarkusTransaction.requiringNew()
                        .run(() -> em.createNativeQuery("""
                        UPDATE upload_sessions SET lock_expires = now() + make_interval(secs => ?3)
                         WHERE id = ?1 AND lock_owner = ?2
                        """)
                                .setParameter(1, sessionId)
                                .setParameter(2, owner)
                                .setParameter(3, seconds())
                                .executeUpdate());
            } catch (RuntimeException e) {
                LOG.warnf("%s: could not renew the upload lock: %s", sessionId, e.getMessage());
            }
        }

        @Override
        public void close() {
            renewal.cancel(false);
            if (released) {
                return;
            }
            QuarkusTransaction.requiringNew()
                    .run(() -> em.createNativeQuery("""
                    UPDATE upload_sessions SET lock_owner = NULL, lock_expires = NULL WHERE id = ?1 AND lock_owner = ?2
                    """)
                            .setParameter(1, sessionId)
                            .setParameter(2, owner)
                            .executeUpdate());
        }
    }
}
