package dev.smidgen.ingest;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.ingest.export.ExportPipeline;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.runtime.LeaseHeartbeat;
import dev.smidgen.runtime.PipelineRunner;
import dev.smidgen.runtime.TaskPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;

/** Runs claimed ingest tasks through the {@link IngestPipeline}, export tasks through the {@link ExportPipeline}. */
@ApplicationScoped
public class IngestProcessor extends PipelineRunner {
    @Inject
    IngestPipeline pipeline;

    @Inject
    ExportPipeline export;

    @Override
    protected Collection<TaskKind> kinds() {
        return List.of(TaskKind.INGEST, TaskKind.EXPORT);
    }

    @Override
    protected TaskPipeline pipeline() {
        return pipeline;
    }

    /** The pipeline of a task's kind; the ingest pipeline's settings (lease, attempts) serve every kind. */
    private TaskPipeline pipelineOf(TaskEntity task) {
        return task.kind == TaskKind.EXPORT ? export : pipeline;
    }

    @Override
    protected void run(TaskEntity task, LeaseHeartbeat heartbeat) {
        pipelineOf(task).run(task, identity.name(), heartbeat);
    }

    @Override
    protected void giveUp(TaskEntity task, SmidgenException error) {
        pipelineOf(task).giveUp(task, identity.name(), error);
    }
}
