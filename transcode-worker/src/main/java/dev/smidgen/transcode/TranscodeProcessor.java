package dev.smidgen.transcode;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.TaskKind;
import dev.smidgen.runtime.PipelineRunner;
import dev.smidgen.runtime.TaskPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;

/**
 * Runs claimed conversion tasks (video, audio, image, thumbnails) through the {@link TranscodePipeline}, and
 * the segment children of split conversions through the {@link SegmentPipeline}.
 */
@ApplicationScoped
public class TranscodeProcessor extends PipelineRunner {
    @Inject
    TranscodePipeline pipeline;

    @Override
    protected Collection<TaskKind> kinds() {
        return List.of(TaskKind.VIDEO, TaskKind.AUDIO, TaskKind.IMAGE, TaskKind.THUMBNAILS);
    }

    @Inject
    SegmentPipeline segments;

    @Override
    protected TaskPipeline pipeline() {
        return pipeline;
    }

    /** A segment child of a split conversion encodes its piece; every other task is a whole conversion. */
    @Override
    protected TaskPipeline pipeline(TaskEntity task) {
        return task.segmentOf != null ? segments : pipeline;
    }

    /** One FFmpeg at a time per worker slot: idle workers help with orphans, busy ones do not add a run. */
    @Override
    protected boolean sweepsWhileBusy() {
        return false;
    }
}
