package dev.smidgen.upload.sessions;

import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

    /** Takes the session for this request, or refuses with 409 when another request writes to it. */
    public Held acquire(String sessionId) {
        String owner = UUID.randomUUID().toString();
        boolean taken = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("""
                UPDATE upload_sessions SET lock_owner = ?2, lock_expires = now() + make_interval(secs => ?3)
                 WHERE id = ?1 AND status = 'open' AND (lock_owner IS NULL OR lock_expires < now())
                """)
                                .setParameter(1, sessionId)
                                .setParameter(2, owner)
                                .setParameter(3, seconds())
                                .executeUpdate()
                        == 1);
        if (!taken) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT,
                    "Another request is writing to this upload right now; retry when it has finished.");
        }
        return new Held(sessionId, owner);
    }

    private double seconds() {
        return config.lockTimeout().toMillis() / 1000.0;
    }

    /** A held lock; closing it releases the session. */
    public final class Held implements AutoCloseable {
        private final String sessionId;
        private final String owner;
        private final ScheduledFuture<?> renewal;

        private Held(String sessionId, String owner) {
            this.sessionId = sessionId;
            this.owner = owner;
            long every = Math.max(1, config.lockTimeout().toMillis() / 3);
            this.renewal = RENEWALS.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        public String owner() {
            return owner;
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
