package dev.smidgen.runtime;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.SmidgenException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * A {@link ClaimedTaskRunner} whose work is a {@link TaskPipeline} and whose lease and attempts are
 * the pipeline's settings: a worker's processor names its kinds and its pipeline.
 */
public abstract class PipelineRunner extends ClaimedTaskRunner {
    /** The worker's pipeline: its settings, and the work of its tasks unless {@link #pipeline(TaskEntity)} says otherwise. */
    protected abstract TaskPipeline pipeline();

    /** The pipeline that does {@code task}'s work; a worker running several kinds picks by kind. */
    protected TaskPipeline pipeline(TaskEntity task) {
        return pipeline();
    }

    @Override
    protected Duration lease() {
        return pipeline().config().lease();
    }

    @Override
    protected int maxAttempts() {
        return pipeline().config().maxAttempts();
    }

    @Override
    protected void run(TaskEntity task, LeaseHeartbeat heartbeat) {
        pipeline(task).run(task, identity.name(), heartbeat);
    }

    @Override
    protected void giveUp(TaskEntity task, SmidgenException error) {
        pipeline(task).giveUp(task, identity.name(), error);
    }

    /** Runs orphaned tasks of this worker's kinds, those pending longer than the configured grace. */
    public void sweepOrphans() {
        sweepOrphans(pipeline().config().pendingGrace());
    }

    /**
     * SIGTERM: stop taking work, give running tasks back (an FFmpeg run is killed) so another worker
     * starts them at once, then let Quarkus exit. Public: each worker's processor bean inherits it as its observer.
     */
    public void onShutdown(@Observes ShutdownEvent event) {
        releaseAll();
    }
}
