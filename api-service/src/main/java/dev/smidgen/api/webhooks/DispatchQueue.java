package dev.smidgen.api.webhooks;

import dev.smidgen.catalog.webhooks.WebhookDispatchEntity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.query.NativeQuery;
import org.jboss.logging.Logger;

/**
 * The database side of sending: claims due attempts and records how each one went, in short
 * transactions that never span a request to a receiver. A claim raises {@code attempts} and pushes
 * {@code next_attempt} past the longest an attempt can take, so a replica that dies mid-request
 * leaves the delivery to be tried again later, and a late result of a claim that was taken over is
 * ignored (the attempt number no longer matches).
 */
@ApplicationScoped
public class DispatchQueue {
    private static final Logger LOG = Logger.getLogger(DispatchQueue.class);
    /** Beyond connect and read timeouts, time for writing the body and for the database. */
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(30);

    private static final int MAX_ERROR = 500;

    @Inject
    EntityManager em;

    @Inject
    WebhookConfig config;

    private RetrySchedule schedule;
    private Duration claimFor;

    @PostConstruct
    void init() {
        schedule = new RetrySchedule(config.retryBase(), config.retryMax(), config.retryFor());
        claimFor = config.connectTimeout().plus(config.readTimeout()).plus(CLAIM_MARGIN);
    }

    /** A delivery claimed for one attempt, with the secret that signs it. */
    public record Claimed(
            String id,
            String eventId,
            String projectId,
            URI url,
            String body,
            int attempt,
            Instant giveUpAfter,
            String secret,
            String traceParent) {}

    /** Claims up to {@code limit} due deliveries, oldest due first. */
    @Transactional
    public List<Claimed> claim(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                WITH due AS (
                    SELECT id FROM webhook_deliveries
                     WHERE status = 'pending' AND next_attempt <= now()
                     ORDER BY next_attempt LIMIT ?1 FOR UPDATE SKIP LOCKED),
                claimed AS (
                    UPDATE webhook_deliveries d
                       SET attempts = d.attempts + 1, next_attempt = now() + make_interval(secs => ?2), updated = now()
                      FROM due WHERE d.id = due.id
                    RETURNING d.id, d.event_id, d.project_id, d.endpoint_id, d.url, d.body, d.attempts, d.give_up_after)
                SELECT c.id, c.event_id, c.project_id, c.url, c.body, c.attempts, c.give_up_after,
                       coalesce(e.secret, p.webhook_secret),
                       -- The trace of the task the event is about, which the delivery continues.
                       (SELECT t.trace_parent FROM events ev JOIN tasks t ON t.id = ev.subject_id WHERE ev.id = c.event_id)
                  FROM claimed c
                  JOIN projects p ON p.id = c.project_id
                  LEFT JOIN webhook_endpoints e ON e.id = c.endpoint_id
                """)
                .setParameter(1, limit)
                .setParameter(2, (double) claimFor.toMillis() / 1000)
                .getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            claimed.add(new Claimed(
                    (String) r[0],
                    (String) r[1],
                    (String) r[2],
                    URI.create((String) r[3]),
                    (String) r[4],
                    ((Number) r[5]).intValue(),
                    instant(r[6]),
                    (String) r[7],
                    (String) r[8]));
        }
        return claimed;
    }

    /**
     * Records an attempt: a 2xx delivers; anything else is retried on the schedule or, past the
     * deadline, fails the delivery for good. Returns the delivery's status after the attempt.
     */
    @Transactional
    public String record(Claimed c, Instant started, long durationMillis, Integer statusCode, String error) {
        String shortError = error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
        statement("""
                INSERT INTO webhook_attempts (delivery_id, attempt, started, duration_ms, status_code, error)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING
                """)
                .setParameter(1, c.id())
                .setParameter(2, c.attempt())
                .setParameter(3, started, Instant.class)
                .setParameter(4, (int) Math.min(Integer.MAX_VALUE, durationMillis))
                .setParameter(5, statusCode, Integer.class)
                .setParameter(6, shortError, String.class)
                .executeUpdate();
        boolean delivered = statusCode != null && statusCode >= 200 && statusCode <= 299;
        String status;
        Instant next = null;
        if (delivered) {
            status = WebhookDispatchEntity.DELIVERED;
        } else {
            Optional<Instant> retry = schedule.next(c.attempt(), Instant.now(), c.giveUpAfter());
            status = retry.isPresent() ? WebhookDispatchEntity.PENDING : WebhookDispatchEntity.FAILED;
            next = retry.orElse(null);
        }
        int updated = statement("""
                UPDATE webhook_deliveries
                   SET status = ?3, next_attempt = ?4, last_status_code = ?5, last_error = ?6, updated = now(),
                       delivered = CASE WHEN ?3 = 'delivered' THEN now() END
                 WHERE id = ?1 AND attempts = ?2 AND status = 'pending'
                """)
                .setParameter(1, c.id())
                .setParameter(2, c.attempt())
                .setParameter(3, status)
                .setParameter(4, next, Instant.class)
                .setParameter(5, statusCode, Integer.class)
                .setParameter(6, shortError, String.class)
                .executeUpdate();
        if (updated == 0) {
            LOG.infof(
                    "%s: attempt %d ended after the delivery moved on (taken over or its webhook deleted)",
                    c.id(), c.attempt());
        }
        return status;
    }

    /** When webhook work next comes due: the earliest pending delivery's next attempt, or a postponed event's dispatch. */
    @Transactional
    public Optional<Instant> nextDue() {
        Object next = em.createNativeQuery("""
                SELECT least((SELECT min(next_attempt) FROM webhook_deliveries WHERE status = 'pending'),
                             (SELECT min(not_before) FROM events WHERE dispatched IS NULL))
                """).getSingleResult();
        return Optional.ofNullable(next).map(DispatchQueue::instant);
    }

    /** A native statement whose parameters may be null: typed binding spares PostgreSQL the guess. */
    @SuppressWarnings("unchecked")
    private NativeQuery<Object> statement(String sql) {
        return em.createNativeQuery(sql).unwrap(NativeQuery.class);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
