package dev.smidgen.ingest;

import dev.smidgen.catalog.tasks.TaskLeases;
import dev.smidgen.model.TaskKind;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finds ingest tasks nobody is working on (a worker died holding the lease, or the announcement
 * was lost) and runs them here. This is what makes the Kafka message only a hint.
 */
@ApplicationScoped
public class OrphanSweeper {
    private static final Logger LOG = Logger.getLogger(OrphanSweeper.class);

    @Inject
    TaskLeases leases;
    @Inject
    IngestProcessor processor;
    @Inject
    IngestConfig config;

    @Scheduled(every = "${smidgen.ingest.sweep-interval}", delayed = "${smidgen.ingest.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        List<String> orphans = leases.orphaned(List.of(TaskKind.INGEST), config.pendingGrace(), 5);
        for (String taskId : orphans) {
            LOG.infof("%s: picking up orphaned task", taskId);
            processor.handle(taskId);
        }
    }
}
