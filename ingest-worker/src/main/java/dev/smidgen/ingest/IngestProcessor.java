package dev.smidgen.ingest;

import dev.smidgen.model.TaskKind;
import dev.smidgen.runtime.PipelineRunner;
import dev.smidgen.runtime.TaskPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;

/** Runs claimed ingest tasks through the {@link IngestPipeline}. */
@ApplicationScoped
public class IngestProcessor extends PipelineRunner {
    @Inject
    IngestPipeline pipeline;

    @Override
    protected Collection<TaskKind> kinds() {
        return List.of(TaskKind.INGEST);
    }

    @Override
    protected TaskPipeline pipeline() {
        return pipeline;
    }
}
