package dev.smidgen.transcode;

import dev.smidgen.catalog.tasks.ConversionOptions;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;

/**
 * What a conversion task asks for, read from its row: the input file and the output that
 * {@link dev.smidgen.catalog.tasks.ConversionTasks} fixed when the task was created.
 */
record TranscodeJob(
        String inputFileId,
        OutputFormat format,
        Integer width,
        Integer height,
        double quality,
        Double start,
        String label,
        EncodingOptions encoding) {
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
                    options.encoding());
        } catch (RuntimeException e) {
            // Rows are written by ConversionTasks only; one that does not read is a bug, never worth a retry.
            throw new SmidgenException(ErrorCode.INTERNAL, "The task's options cannot be read: " + e.getMessage());
        }
    }

    /** The output file's name: its id, as for any unnamed file (docs/api/contract.md#names-and-folders). */
    String filename(String fileId) {
        return fileId + "." + format.extension();
    }
}
