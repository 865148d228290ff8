package dev.smidgen.api.webhooks;

import dev.smidgen.model.tracing.Telemetry;
import dev.smidgen.model.tracing.TraceScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends due attempts, at most {@code smidgen.webhooks.concurrency} at a time per replica: each
 * poll claims as many as there are free slots, so a slow receiver holds one slot, not the queue.
 * Results go back to the {@link DispatchQueue}; a replica stopped mid-request leaves its claims to
 * be retried once they lapse.
 */
@ApplicationScoped
public class DispatchSender {
    private static final Logger LOG = Logger.getLogger(DispatchSender.class);

    @Inject
    WebhookConfig config;

    @Inject
    WebhookTargets targets;

    @Inject
    DispatchQueue queue;

    @Inject
    MeterRegistry metrics;

    private WebhookPost post;
    private Semaphore slots;
    private ExecutorService pool;
    private volatile boolean stopping;
    private volatile Runnable afterEachAttempt = () -> {};

    @PostConstruct
    void init() {
        post = new WebhookPost(targets, config.connectTimeout(), config.readTimeout());
        slots = new Semaphore(config.concurrency());
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "webhook-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Called on the sending thread once an attempt is recorded, with its slot free again. */
    void afterEachAttempt(Runnable callback) {
        afterEachAttempt = callback;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        pool.shutdownNow();
    }

    /** Starts every due delivery there is a free slot for ({@link WebhookPump} decides when). */
    void sendDue() {
        while (!stopping) {
            int free = slots.availablePermits();
            if (free == 0) {
                return;
            }
            List<DispatchQueue.Claimed> claimed = queue.claim(free);
            for (DispatchQueue.Claimed c : claimed) {
                slots.acquireUninterruptibly();
                pool.execute(() -> {
                    try {
                        attempt(c);
                    } finally {
                        slots.release();
                    }
                    afterEachAttempt.run();
                });
            }
            if (claimed.size() < free) {
                return;
            }
        }
    }

    /** One POST, as a span of the trace of the task the event is about (a media event's starts its own). */
    private WebhookPost.Outcome send(DispatchQueue.Claimed c) {
        Span span = Telemetry.span("webhook delivery", SpanKind.CLIENT)
                .setParent(Telemetry.parent(c.traceParent()))
                .setAttribute("smidgen.delivery.id", c.id())
                .setAttribute("smidgen.event.id", c.eventId())
                .setAttribute("smidgen.delivery.attempt", c.attempt())
                .setAttribute("server.address", c.url().getHost())
                .startSpan();
        try (TraceScope scope = TraceScope.open(span)) {
            WebhookPost.Outcome outcome = post.send(c);
            if (outcome.statusCode() != null) {
                span.setAttribute("http.response.status_code", outcome.statusCode());
            }
            if (!outcome.delivered()) {
                span.setStatus(StatusCode.ERROR, String.valueOf(outcome.error()));
            }
            return outcome;
        }
    }

    private void attempt(DispatchQueue.Claimed c) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        WebhookPost.Outcome outcome = send(c);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        try {
            String status = queue.record(c, started, millis, outcome.statusCode(), outcome.error());
            metrics.counter(
                            "smidgen.webhook.attempts",
                            "outcome",
                            outcome.delivered() ? "delivered" : status.equals("failed") ? "failed" : "retry")
                    .increment();
            if (outcome.delivered()) {
                LOG.debugf(
                        "%s: %s delivered to %s (attempt %d, %d ms)",
                        c.id(), c.eventId(), c.url(), c.attempt(), millis);
            } else if (status.equals("failed")) {
                LOG.warnf(
                        "%s: %s to %s failed for good after attempt %d: %s",
                        c.id(), c.eventId(), c.url(), c.attempt(), outcome.error());
            } else {
                LOG.infof(
                        "%s: %s to %s, attempt %d failed (%s); will retry",
                        c.id(), c.eventId(), c.url(), c.attempt(), outcome.error());
            }
        } catch (RuntimeException e) {
            // The claim lapses and the delivery is tried again: at least once, never lost.
            LOG.errorf(e, "%s: could not record attempt %d", c.id(), c.attempt());
        }
    }
}
