package dev.smidgen.transcode;

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

/** Runs claimed conversion tasks (video, audio, image) through the {@link TranscodePipeline}. */
@ApplicationScoped
public class TranscodeProcessor extends ClaimedTaskRunner {
    @Inject
    TranscodePipeline pipeline;
    @Inject
    TranscodeConfig config;

    @Override
    protected Collection<TaskKind> kinds() {
        return List.of(TaskKind.VIDEO, TaskKind.AUDIO, TaskKind.IMAGE);
    }

    @Override
    protected Duration lease() {
        return config.lease();
    }

    @Override
    protected int maxAttempts() {
        return config.maxAttempts();
    }

    /** One FFmpeg at a time per worker slot: idle workers help with orphans, busy ones do not add a run. */
    @Override
    protected boolean sweepsWhileBusy() {
        return false;
    }

    @Override
    protected void run(TaskEntity task, LeaseHeartbeat heartbeat) {
        pipeline.run(task, identity.name(), heartbeat);
    }

    @Override
    protected void giveUp(TaskEntity task, SmidgenException error) {
        pipeline.giveUp(task, identity.name(), error);
    }

    /**
     * SIGTERM: stop taking work, give running tasks back (their FFmpeg is killed) so another worker
     * starts them at once, then let Quarkus exit.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        releaseAll();
    }
}
