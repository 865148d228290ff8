package dev.smidgen.ingest;

import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.UploadConditions;
import java.util.stream.Collectors;

/** Holds a probed file to the upload conditions its task carries, if any. */
final class ConditionCheck {
    private ConditionCheck() {}

    /**
     * Throws a permanent {@code condition_failed} naming every failed rule when the file does not
     * meet {@code conditions}. {@code size} is the byte count actually received.
     */
    static void require(UploadConditions conditions, ProbeResult probe, long size) {
        if (conditions.isEmpty()) {
            return;
        }
        UploadConditions.Evaluation result = conditions.evaluate(probe.facts().withFilesize(size));
        if (!result.passed()) {
            String rules = result.failed().stream()
                    .map(UploadConditions.Rule::describe)
                    .collect(Collectors.joining(", "));
            throw new SmidgenException(
                    ErrorCode.CONDITION_FAILED,
                    "The file does not meet the upload conditions: " + rules + ".",
                    "conditions");
        }
    }
}
