package dev.smidgen.ingest;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.runtime.ClaimedTaskRunner;
import dev.smidgen.runtime.LeaseHeartbeat;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Runs claimed ingest tasks through the {@link IngestPipeline}. */
@ApplicationScoped
public class IngestProcessor extends ClaimedTaskRunner {
    @Inject
    IngestPipeline pipeline;
    @Inject
    IngestConfig config;

    @Override
    protected Collection<TaskKind> kinds() {
        return List.of(TaskKind.INGEST);
    }

    @Override
    protected Duration lease() {
        return config.lease();
    }

    @Override
    protected int maxAttempts() {
        return config.maxAttempts();
    }

    @Override
    protected void run(TaskEntity task, LeaseHeartbeat heartbeat) {
        pipeline.run(task, identity.name(), heartbeat);
    }

    @Override
    protected void giveUp(TaskEntity task, SmidgenException error) {
        pipeline.giveUp(task, identity.name(), error);
    }

    void onShutdown(@Observes ShutdownEvent event) {
        releaseAll();
    }
}
