package dev.smidgen.api.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smidgen.api.automations.AutomationFiring;
import dev.smidgen.api.jobs.JobViews;
import dev.smidgen.api.jobs.StepViews;
import dev.smidgen.catalog.events.EventEntity;
import dev.smidgen.catalog.jobs.JobEntity;
import dev.smidgen.catalog.jobs.JobRepository;
import dev.smidgen.catalog.media.MediaEntity;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.catalog.webhooks.WebhookDispatchEntity;
import dev.smidgen.catalog.webhooks.WebhookDispatchRepository;
import dev.smidgen.catalog.webhooks.WebhookEndpointEntity;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.webhooks.EventTopic;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.JobsResponses;
import dev.smidgen.web.media.MediaViews;
import dev.smidgen.web.tasks.TaskViews;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Fans each journaled event out, in one transaction per event: a delivery to every live endpoint of
 * the project subscribed to its topic, one to the task's own {@code webhook_url} for {@code task.*}
 * events, and, for {@code media.created}, the tasks of the automations it sets off. The body is
 * rendered here, once, so every attempt of every delivery sends the same bytes. Events are locked
 * with {@code SKIP LOCKED}, so api replicas share the work; a crash before the commit leaves the
 * event to be dispatched again, with nothing of it written.
 */
@ApplicationScoped
public class EventDispatcher {
    private static final Logger LOG = Logger.getLogger(EventDispatcher.class);
    /** Events one run handles at most before letting the scheduler breathe. */
    private static final int MAX_PER_RUN = 500;
    /** How long an event whose dispatch failed unexpectedly waits before the next try. */
    private static final Duration FAILED_DISPATCH_PAUSE = Duration.ofMinutes(1);

    @Inject
    EntityManager em;

    @Inject
    EventDispatcher self;

    @Inject
    WebhookConfig config;

    @Inject
    TaskRepository tasks;

    @Inject
    MediaRepository media;

    @Inject
    WebhookDispatchRepository deliveries;

    @Inject
    TaskViews taskReader;

    @Inject
    MediaViews mediaReader;

    @Inject
    JobRepository jobs;

    @Inject
    JobViews jobReader;

    @Inject
    StepViews stepReader;

    @Inject
    AutomationFiring firing;
    /** The REST layer's mapper, so a body reads exactly like the API's own JSON. */
    @Inject
    ObjectMapper json;

    private RetrySchedule schedule;

    @PostConstruct
    void init() {
        schedule = new RetrySchedule(config.retryBase(), config.retryMax(), config.retryFor());
    }

    /** Fans out every event that is ready, up to a run's limit ({@link WebhookPump} decides when). */
    void dispatchNew() {
        for (int i = 0; i < MAX_PER_RUN; i++) {
            try {
                if (self.dispatchNext().isEmpty()) {
                    return;
                }
            } catch (DispatchFailure f) {
                LOG.errorf(f.getCause(), "%s: dispatch failed; trying again in %s", f.eventId, FAILED_DISPATCH_PAUSE);
                self.postpone(f.eventId);
            }
        }
    }

    /** Dispatches the oldest undispatched event nobody else is on; returns its id, or empty when none is left. */
    @Transactional
    Optional<String> dispatchNext() {
        @SuppressWarnings("unchecked")
        List<EventEntity> found = em.createNativeQuery("""
                SELECT * FROM events
                 WHERE dispatched IS NULL AND (not_before IS NULL OR not_before <= now())
                 ORDER BY created, id LIMIT 1 FOR UPDATE SKIP LOCKED
                """, EventEntity.class).getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        EventEntity event = found.get(0);
        try {
            fanOut(event);
            event.dispatched = Instant.now();
            em.flush(); // surface constraint problems here, where the event is known
        } catch (RuntimeException e) {
            throw new DispatchFailure(event.id, e);
        }
        return Optional.of(event.id);
    }

    @Transactional
    void postpone(String eventId) {
        em.createNativeQuery("UPDATE events SET not_before = now() + make_interval(secs => ?2) WHERE id = ?1")
                .setParameter(1, eventId)
                .setParameter(2, (double) FAILED_DISPATCH_PAUSE.toSeconds())
                .executeUpdate();
    }

    private void fanOut(EventEntity event) {
        Optional<EventTopic> known = EventTopic.find(event.topic);
        if (known.isEmpty()) {
            LOG.warnf("%s: unknown topic %s; nothing to deliver", event.id, event.topic);
            return;
        }
        EventTopic topic = known.get();
        @SuppressWarnings("unchecked")
        List<WebhookEndpointEntity> subscribed = em.createNativeQuery("""
                SELECT * FROM webhook_endpoints
                 WHERE project_id = ?1 AND deleted IS NULL AND ?2 = ANY (topics)
                 ORDER BY created, id
                """, WebhookEndpointEntity.class)
                .setParameter(1, event.projectId)
                .setParameter(2, topic.wire())
                .getResultList();
        TaskEntity task = topic.isAboutTask() ? tasks.findById(event.subjectId) : null;
        MediaEntity item = topic == EventTopic.MEDIA_CREATED ? media.findById(event.subjectId) : null;
        String taskWebhook = task == null ? null : task.webhookUrl;
        if (!subscribed.isEmpty() || taskWebhook != null) {
            String body = body(event, topic, task, item);
            Instant deadline = schedule.deadline(event.created);
            for (WebhookEndpointEntity endpoint : subscribed) {
                queue(event, endpoint.id, endpoint.url, body, deadline);
            }
            if (taskWebhook != null) {
                queue(event, null, taskWebhook, body, deadline);
            }
            LOG.debugf(
                    "%s: %s queued for %d endpoint(s)%s",
                    event.id,
                    topic.wire(),
                    subscribed.size(),
                    taskWebhook == null ? "" : " and the task's webhook_url");
        }
        if (item != null && item.deleted == null) {
            firing.fire(event.projectId, item);
        }
    }

    /**
     * {@code {id, event, created, data}}, where {@code data} is the task or media item exactly as
     * {@code GET /tasks/{id}} or {@code GET /media/{id}} shows it in the default version; for the jobs
     * generation's events (a job, or a task of that generation) as it shows them, times in Unix ms.
     */
    private String body(EventEntity event, EventTopic topic, TaskEntity task, MediaEntity item) {
        Object data;
        Object created = ApiTimes.format(event.created);
        JobEntity job = topic.isAboutJob() ? jobs.findById(event.subjectId) : null;
        if (job != null) {
            // The jobs generation's event: the job as GET /jobs/{id} shows it, its time in Unix ms.
            data = jobReader.view(job, jobs.stepsOf(List.of(job.id)).getOrDefault(job.id, List.of()));
            created = JobsResponses.millis(event.created);
        } else if (task != null && task.generation == ApiGeneration.JOBS) {
            data = stepReader.view(task, null);
            created = JobsResponses.millis(event.created);
        } else if (task != null) {
            data = taskReader.view(task).render(ApiVersion.DEFAULT);
        } else if (item != null) {
            data = mediaReader.view(item).render(ApiVersion.DEFAULT);
        } else {
            // Purged before its event went out (only after an outage longer than the retention).
            data = Map.of("id", event.subjectId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id);
        body.put("event", topic.wire());
        body.put("created", created);
        body.put("data", data);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the body of " + event.id, e);
        }
    }

    private void queue(EventEntity event, String endpointId, String url, String body, Instant deadline) {
        Instant now = Instant.now();
        WebhookDispatchEntity d = new WebhookDispatchEntity();
        d.id = Ids.newId(IdPrefix.DELIVERY);
        d.projectId = event.projectId;
        d.eventId = event.id;
        d.topic = event.topic;
        d.endpointId = endpointId;
        d.url = url;
        d.body = body;
        d.status = WebhookDispatchEntity.PENDING;
        d.nextAttempt = now;
        d.giveUpAfter = deadline;
        d.created = now;
        d.updated = now;
        deliveries.persist(d);
    }

    /** A dispatch that failed for a reason other than a lost race; the event waits a while. */
    static final class DispatchFailure extends RuntimeException {
        final String eventId;

        DispatchFailure(String eventId, Throwable cause) {
            super(cause);
            this.eventId = eventId;
        }
    }
}
