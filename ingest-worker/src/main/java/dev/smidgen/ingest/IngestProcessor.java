package dev.smidgen.ingest;

import dev.smidgen.catalog.tasks.LeaseHeartbeat;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskLeases;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.catalog.tasks.WorkerIdentity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns "task X may need work" (a Kafka message or the orphan sweep) into at most one run of it:
 * claims the lease, keeps it alive while the pipeline runs, and on shutdown gives unfinished
 * tasks back so another worker takes them at once instead of after the lease expires.
 */
@ApplicationScoped
public class IngestProcessor {
    private static final Logger LOG = Logger.getLogger(IngestProcessor.class);

    @Inject
    TaskLeases leases;
    @Inject
    TaskRepository tasks;
    @Inject
    IngestPipeline pipeline;
    @Inject
    IngestConfig config;
    @Inject
    WorkerIdentity identity;

    private final Map<String, Thread> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** Works on the task if it is claimable; a finished or owned task is left alone. */
    public void handle(String taskId) {
        if (stopping || !leases.claim(taskId, identity.name(), config.lease())) {
            LOG.debugf("%s: not claimable here (finished, owned elsewhere, or shutting down)", taskId);
            return;
        }
        TaskEntity task = load(taskId);
        if (!TaskKind.INGEST.wire().equals(task.kind)) {
            leases.release(taskId, identity.name());
            return;
        }
        if (task.attempts > config.maxAttempts()) {
            // Taken over more often than allowed: something kills workers on this input.
            pipeline.giveUp(task, identity.name(),
                    new SmidgenException(ErrorCode.INTERNAL, "The ingest was abandoned after " + config.maxAttempts() + " attempts."));
            return;
        }
        LOG.infof("%s: claimed by %s (attempt %d)", taskId, identity.name(), task.attempts);
        running.put(taskId, Thread.currentThread());
        try (LeaseHeartbeat heartbeat = new LeaseHeartbeat(leases, taskId, identity.name(), config.lease())) {
            pipeline.run(task, identity.name(), heartbeat);
        } finally {
            running.remove(taskId);
        }
    }

    @Transactional
    TaskEntity load(String taskId) {
        return tasks.findById(taskId);
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
        running.forEach((taskId, thread) -> {
            if (leases.release(taskId, identity.name())) {
                LOG.infof("%s: released on shutdown; another worker will take it", taskId);
            }
            thread.interrupt();
        });
    }
}
