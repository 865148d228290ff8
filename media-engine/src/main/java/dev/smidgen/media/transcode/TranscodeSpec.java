package dev.smidgen.media.transcode;

import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import java.util.Objects;

/**
 * What one conversion produces, with every choice already resolved by the caller.
 *
 * @param format   the output format
 * @param width    final output width in pixels (the caller has applied aspect ratio and no-upscale);
 *                 required for video and image outputs, null for audio outputs
 * @param height   final output height in pixels, as {@code width}
 * @param quality  0..1, see {@link QualityScale} ({@link QualityScale#DEFAULT} when the request named none)
 * @param frameAt  for an image taken from a video: seconds into it (for GIF, where the clip starts);
 *                 null for the default of {@link TranscodeArgs#frameSeconds}
 * @param hasAudio whether the input has an audio stream: video outputs carry it, else are silent
 * @param encoding codec, fit, position, background, frame rate, bit rate and end of the output
 *                 ({@link EncodingOptions#NONE} for the format's defaults); for video and audio outputs
 *                 {@code frameAt} is where the output starts
 */
public record TranscodeSpec(
        OutputFormat format,
        Integer width,
        Integer height,
        double quality,
        Double frameAt,
        boolean hasAudio,
        EncodingOptions encoding) {

    /** A conversion with the format's defaults for everything the encoding options choose. */
    public TranscodeSpec(
            OutputFormat format, Integer width, Integer height, double quality, Double frameAt, boolean hasAudio) {
        this(format, width, height, quality, frameAt, hasAudio, EncodingOptions.NONE);
    }

    public TranscodeSpec {
        encoding = encoding == null ? EncodingOptions.NONE : encoding;
        Objects.requireNonNull(format, "format");
        if ((width == null) != (height == null)) {
            throw new IllegalArgumentException("width and height are given together or not at all");
        }
        if (width != null && (width < 1 || height < 1)) {
            throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
        }
        if (width == null && format.kind() != Kind.AUDIO) {
            throw new IllegalArgumentException(format.wire() + " output needs its dimensions");
        }
        if (frameAt != null && !(frameAt >= 0)) {
            throw new IllegalArgumentException("frameAt must be a non-negative number of seconds: " + frameAt);
        }
    }

    /** The same conversion with the frame taken at {@code seconds} instead. */
    public TranscodeSpec withFrameAt(Double seconds) {
        return new TranscodeSpec(format, width, height, quality, seconds, hasAudio, encoding);
    }
}
