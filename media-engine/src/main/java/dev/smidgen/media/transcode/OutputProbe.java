package dev.smidgen.media.transcode;

import dev.smidgen.media.probe.AnimatedWebp;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.model.convert.OutputFormat;
import java.nio.file.Path;

/**
 * Probes a conversion's output: with ffprobe, except an animated WebP, which FFmpeg 8.0 cannot decode
 * and whose facts come from its chunks ({@link AnimatedWebp}).
 */
public final class OutputProbe {
    private OutputProbe() {}

    /**
     * @param spec          what the output was made from
     * @param inputDuration the input's duration (null for a still), as given to the transcoder
     */
    public static ProbeResult probe(Path output, TranscodeSpec spec, Double inputDuration, String context) {
        if (spec.format() == OutputFormat.WEBP && TranscodeArgs.isAnimation(spec, inputDuration)) {
            return AnimatedWebp.probe(output);
        }
        return Ffprobe.probe(output, context);
    }
}
