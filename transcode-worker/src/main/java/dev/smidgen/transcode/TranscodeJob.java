package dev.smidgen.transcode;

import dev.smidgen.catalog.tasks.ConversionOptions;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.StoryboardOptions;

/**
 * What a conversion task asks for, read from its row: the input file and the output that
 * {@link dev.smidgen.catalog.tasks.ConversionTasks} fixed when the task was created. For a storyboard,
 * {@code format} is its sheets', {@code width}/{@code height} one thumbnail's, and {@code storyboard} its
 * interval and grid (null for every other conversion).
 */
record TranscodeJob(
        String inputFileId,
        OutputFormat format,
        Integer width,
        Integer height,
        double quality,
        Double start,
        String label,
        EncodingOptions encoding,
        StoryboardOptions storyboard) {
    /** A job for a source (no storyboard). */
    TranscodeJob(
            String inputFileId,
            OutputFormat format,
            Integer width,
            Integer height,
            double quality,
            Double start,
            String label,
            EncodingOptions encoding) {
        this(inputFileId, format, width, height, quality, start, label, encoding, null);
    }

    static TranscodeJob of(TaskEntity task) {
        try {
            ConversionOptions options = task.conversionOptions();
            return new TranscodeJob(
                    task.conversionInput().fileId(),
                    options.outputFormat(task.kind.outputKind()),
                    options.width(),
                    options.height(),
                    options.quality(),
                    options.start(),
                    options.label(),
                    options.encoding(),
                    task.kind == TaskKind.THUMBNAILS ? options.storyboard() : null);
        } catch (RuntimeException e) {
            // Rows are written by ConversionTasks only; one that does not read is a bug, never worth a retry.
            throw new SmidgenException(ErrorCode.INTERNAL, "The task's options cannot be read: " + e.getMessage());
        }
    }

    /** Whether this is a storyboard track (docs/api/storyboards.md) rather than a source. */
    boolean isStoryboard() {
        return storyboard != null;
    }

    /**
     * The encode of a source from an input whose audio is {@code inputHasAudio} (null when not recorded,
     * taken as present): the one spec a whole conversion and every segment of a split one run with.
     */
    TranscodeSpec spec(Boolean inputHasAudio) {
        return new TranscodeSpec(format, width, height, quality, start, !Boolean.FALSE.equals(inputHasAudio), encoding);
    }

    /** The output file's name: its id, as for any unnamed file (docs/api/contract.md#names-and-folders). */
    String filename(String fileId) {
        return fileId + "." + format.extension();
    }
}
