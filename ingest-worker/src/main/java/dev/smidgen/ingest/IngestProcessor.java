package dev.smidgen.ingest;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.ingest.export.ExportPipeline;
import dev.smidgen.model.TaskKind;
import dev.smidgen.runtime.PipelineRunner;
import dev.smidgen.runtime.TaskPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;

/**
 * Runs claimed ingest tasks through the {@link IngestPipeline}, probe steps through the
 * {@link ProbePipeline} and export steps through the {@link ExportPipeline}: the byte-moving work.
 */
@ApplicationScoped
public class IngestProcessor extends PipelineRunner {
    @Inject
    IngestPipeline pipeline;

    @Inject
    ProbePipeline probes;

    @Inject
    ExportPipeline export;

    @Override
    protected Collection<TaskKind> kinds() {
        return List.of(TaskKind.INGEST, TaskKind.PROBE, TaskKind.EXPORT);
    }

    /** The ingest pipeline's settings (lease, attempts) serve every kind. */
    @Override
    protected TaskPipeline pipeline() {
        return pipeline;
    }

    @Override
    protected TaskPipeline pipeline(TaskEntity task) {
        return switch (task.kind) {
            case PROBE -> probes;
            case EXPORT -> export;
            default -> pipeline;
        };
    }
}
