package dev.smidgen.api.webhooks;

import dev.smidgen.catalog.notify.DatabaseNotifications;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * When webhook work runs. A round fans new events out into deliveries, then sends what is due, on
 * one thread of its own; it runs
 * <ul>
 * <li>at once when a commit adds events (the {@code smidgen_events} notification),
 * <li>after every attempt (a slot is free again, and a retry may have been scheduled),
 * <li>when the earliest pending delivery or postponed event comes due, so a retry leaves on time,
 * <li>and every poll interval anyway, for what this replica cannot know about (a lost notification,
 *     a retry another replica scheduled).
 * </ul>
 * Requests made while a round runs fold into one more round, so a burst of events costs two rounds,
 * not one per event.
 */
@ApplicationScoped
public class WebhookPump {
    private static final Logger LOG = Logger.getLogger(WebhookPump.class);
    private static final String CHANNEL = "smidgen_events";

    @Inject
    EventDispatcher dispatcher;

    @Inject
    DispatchSender sender;

    @Inject
    DatabaseNotifications notifications;

    @Inject
    DispatchQueue queue;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-pump");
        t.setDaemon(true);
        return t;
    });
    /** The round planned for the earliest due time this replica knows of; touched by the pump thread only. */
    private ScheduledFuture<?> planned;

    void start(@Observes StartupEvent event) {
        sender.afterEachAttempt(this::request);
        notifications.subscribe(CHANNEL, payload -> request());
    }

    void stop(@Observes ShutdownEvent event) {
        rounds.shutdownNow();
    }

    @Scheduled(
            identity = "webhook-pump",
            every = "${smidgen.webhooks.poll-interval:1s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        request();
    }

    /** Asks for a round; one already asked for and not yet started covers this request too. */
    void request() {
        if (requested.compareAndSet(false, true)) {
            try {
                rounds.execute(this::round);
            } catch (RejectedExecutionException e) {
                requested.set(false); // shutting down
            }
        }
    }

    private void round() {
        requested.set(false);
        try {
            dispatcher.dispatchNew();
            sender.sendDue();
            planNextRound();
        } catch (RuntimeException e) {
            LOG.errorf(e, "A webhook round failed; the next one tries again");
        }
    }

    /**
     * Plans a round for when the next pending delivery or postponed event comes due. Work that is due
     * already is left alone: after a round it means every sending slot is taken, and the attempt that
     * frees one asks for the next round.
     */
    private void planNextRound() {
        if (planned != null) {
            planned.cancel(false);
            planned = null;
        }
        Instant now = Instant.now();
        queue.nextDue()
                .filter(due -> due.isAfter(now))
                .ifPresent(due -> planned = rounds.schedule(
                        this::request, Duration.between(now, due).toMillis() + 1, TimeUnit.MILLISECONDS));
    }
}
