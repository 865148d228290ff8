package dev.smidgen.model.convert;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.probe.ProbedFacts;

/**
 * The request-time rules of a conversion (docs/api/conversions.md#what-converts-to-what): which input kinds can
 * become which output kinds, no upscaling, an audio output needs an audio stream, the output
 * size a width-only or height-only request means, the largest output sides, the {@code start} of an
 * image taken from a video and the clip of a timed output.
 */
public final class ConversionCheck {
    /** Largest output side accepted in a request; also the bound of automation templates. */
    public static final int MAX_SIDE = 8192;
    /**
     * Largest side of a GIF output. Its palette is computed over every frame of the clip, all held in
     * memory at once, and a GIF has no inter-frame compression: a 4K clip took 1.7 GB and a minute to
     * make, into a file of tens of megabytes no page should show. Larger inputs are scaled to fit.
     */
    public static final int GIF_MAX_SIDE = 1024;

    /**
     * 8192 × 4320 (8K DCI): the most pixels a video output may have. Sides under {@link #MAX_SIDE} can
     * still make a picture no video encoder should be asked for (8000 × 8000 to VP9 wanted 6.7 GB), and
     * refusing it at request time is better than meeting the memory ceiling minutes later.
     */
    public static final long MAX_VIDEO_PIXELS = 8192L * 4320;

    /** Length of an animation (gif, animated webp) from a video when no {@code end} is asked for. */
    public static final double ANIMATION_CLIP_SECONDS = 3.0;
    /** Frame rate of an animation when no {@code fps} is asked for: GIF delays are in 1/100 s, 10 fps keeps files small. */
    public static final int ANIMATION_FPS = 10;
    /**
     * Most pixels of all frames of an animation together: 100 frames of 1024 × 1024. A GIF's palette is
     * made from every frame held in memory at once (4 bytes a pixel), so this bounds that memory to about
     * 400 MiB; a 320 × 180 clip at 10 fps may run 3 minutes, a 1024 × 576 one about 18 s.
     */
    public static final long MAX_ANIMATION_PIXELS = 1024L * 1024 * 100;

    private ConversionCheck() {}

    /** Output dimensions; both null for audio outputs. */
    public record OutputSize(Integer width, Integer height) {
        static final OutputSize NONE = new OutputSize(null, null);
    }

    /**
     * Reads a request's {@code start}, in seconds from 0: for an image output the frame it is taken at (for
     * an animated GIF, where its clip begins); for a video or audio output where the output begins (see
     * {@link EncodingOptions#end()} for where it ends).
     *
     * @param value the request's value: null (the default frame, or the whole input), or a number
     * @param field the value's name in the request, for the error
     */
    public static Double start(Object value, OutputFormat format, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
            throw SmidgenException.invalid(field, field + " must be a number of seconds from 0.");
        }
        if (format.isPackage()) {
            throw SmidgenException.invalid(field, "An hls package covers the whole input; it takes no " + field + ".");
        }
        return n.doubleValue();
    }

    /**
     * {@link #check(ProbedFacts, OutputFormat, Integer, Integer, Double)} with the encoding options:
     * percentages of the input's sides become pixels (over 100% is an upscale), and an {@code end} must
     * fall after the {@code start} and within a timed input.
     *
     * @throws SmidgenException as the overload does; {@code invalid_request} naming {@code end}
     */
    public static OutputSize check(
            ProbedFacts input,
            OutputFormat format,
            Integer width,
            Integer height,
            Double start,
            EncodingOptions options) {
        Integer w = width;
        Integer h = height;
        if (options.widthPercent() != null || options.heightPercent() != null) {
            if (input.width() == null || input.height() == null || input.width() <= 0 || input.height() <= 0) {
                throw new SmidgenException(
                        ErrorCode.CONVERSION_NOT_ALLOWED, "The input has no picture size to take a percentage of.");
            }
            w = percentOf(options.widthPercent(), input.width(), w, "width");
            h = percentOf(options.heightPercent(), input.height(), h, "height");
        }
        boolean animation = options.animates(format);
        OutputSize size = check(input, format, w, h, start, animation);
        Double end = options.end();
        if (format.kind() == Kind.IMAGE
                && options.fps() != null
                && (input.duration() == null || input.duration() <= 0)) {
            throw SmidgenException.invalid("fps", "The input is a still image: it has no frames to animate.");
        }
        if (end != null) {
            if (input.duration() == null || input.duration() <= 0) {
                throw SmidgenException.invalid("end", "The input is a still image: it has no time to end at.");
            }
            double from = start == null ? 0 : start;
            if (end <= from) {
                throw SmidgenException.invalid(
                        "end",
                        String.format(
                                java.util.Locale.ROOT, "end (%.3f s) must come after start (%.3f s).", end, from));
            }
            if (end > input.duration() + END_TOLERANCE_SECONDS) {
                throw SmidgenException.invalid(
                        "end",
                        String.format(
                                java.util.Locale.ROOT,
                                "end (%.3f s) is past the end of the input (%.3f s).",
                                end,
                                input.duration()));
            }
        }
        if (animation && input.duration() != null && input.duration() > 0) {
            requireAnimationWithinBounds(size, start, options);
        }
        return size;
    }

    /**
     * Refuses an animation whose frames together hold more than {@link #MAX_ANIMATION_PIXELS}: its clip
     * ({@code end} − {@code start}, or {@value #ANIMATION_CLIP_SECONDS} s) times its frame rate times its
     * picture.
     */
    private static void requireAnimationWithinBounds(OutputSize size, Double start, EncodingOptions options) {
        double seconds = options.end() != null ? options.end() - (start == null ? 0 : start) : ANIMATION_CLIP_SECONDS;
        double fps = options.fps() != null ? options.fps() : ANIMATION_FPS;
        long frames = (long) Math.ceil(seconds * fps);
        long pixels = frames * size.width() * size.height();
        if (pixels > MAX_ANIMATION_PIXELS) {
            throw new SmidgenException(
                    ErrorCode.OUTPUT_TOO_LARGE,
                    String.format(
                            java.util.Locale.ROOT,
                            "The animation would be %d frames of %dx%d (%.0f megapixels in all); an animation may"
                                    + " hold at most %.0f megapixels. Ask for a shorter clip, a lower fps or a smaller"
                                    + " size.",
                            frames,
                            size.width(),
                            size.height(),
                            pixels / 1e6,
                            MAX_ANIMATION_PIXELS / 1e6),
                    options.end() != null ? "end" : "fps");
        }
    }

    /** How far past the probed duration an {@code end} may be: containers round their durations. */
    static final double END_TOLERANCE_SECONDS = 0.001;

    private static Integer percentOf(Double percent, int inputSide, Integer pixels, String field) {
        if (percent == null) {
            return pixels;
        }
        if (percent > 100) {
            throw new SmidgenException(
                    ErrorCode.UPSCALE_NOT_ALLOWED,
                    field + " " + percent + "% would be larger than the input (" + inputSide + " pixels).",
                    field);
        }
        return Dimension.ofInput(percent, inputSide);
    }

    /**
     * {@link #check(ProbedFacts, OutputFormat, Integer, Integer)}, and a {@code start} (from
     * {@link #start}) must fall within a timed input.
     *
     * @throws SmidgenException {@code invalid_request} naming {@code start} for a still input or a time past its end
     */
    public static OutputSize check(
            ProbedFacts input, OutputFormat format, Integer width, Integer height, Double start) {
        return check(input, format, width, height, start, format == OutputFormat.GIF);
    }

    private static OutputSize check(
            ProbedFacts input, OutputFormat format, Integer width, Integer height, Double start, boolean animation) {
        OutputSize size = check(input, format, width, height, animation);
        if (start != null) {
            if (input.duration() == null || input.duration() <= 0) {
                throw SmidgenException.invalid(
                        "start", "The input is a still image: it has no time to take a frame at.");
            }
            // A video or audio output needs some time after its start; an image takes the last frame at most.
            if (start > input.duration() || (format.kind() != Kind.IMAGE && start >= input.duration())) {
                throw SmidgenException.invalid(
                        "start",
                        String.format(
                                java.util.Locale.ROOT,
                                "start (%.3f s) is past the end of the input (%.3f s).",
                                start,
                                input.duration()));
            }
        }
        return size;
    }

    /**
     * Checks {@code format} with the requested {@code width}/{@code height} (either may be null)
     * against the input and returns the size to produce.
     *
     * @throws SmidgenException {@code conversion_not_allowed} or {@code upscale_not_allowed} (422),
     *                          {@code invalid_request} for a size on an audio output, {@code output_too_large}
     *                          for an output side over {@link #MAX_SIDE}, asked for or taken from the input
     */
    public static OutputSize check(ProbedFacts input, OutputFormat format, Integer width, Integer height) {
        return check(input, format, width, height, format == OutputFormat.GIF);
    }

    /**
     * The overload above, with {@code animation} for an output of many full pictures (a GIF, an animated
     * WebP): its sides are bounded by {@link #GIF_MAX_SIDE} and a larger input is scaled to fit.
     */
    private static OutputSize check(
            ProbedFacts input, OutputFormat format, Integer width, Integer height, boolean animation) {
        Kind out = format.kind();
        requireAllowed(input, format);
        if (out == Kind.AUDIO) {
            if (width != null || height != null) {
                throw SmidgenException.invalid(
                        width != null ? "width" : "height", "An audio output has no width or height.");
            }
            return OutputSize.NONE;
        }
        if (input.width() == null || input.height() == null || input.width() <= 0 || input.height() <= 0) {
            throw new SmidgenException(
                    ErrorCode.CONVERSION_NOT_ALLOWED, "The input has no picture size to convert from.");
        }
        if ((width != null && width > input.width()) || (height != null && height > input.height())) {
            throw new SmidgenException(
                    ErrorCode.UPSCALE_NOT_ALLOWED,
                    "The output (" + describe(width, height) + ") cannot be larger than the input (" + input.width()
                            + "x" + input.height() + ").",
                    width != null && width > input.width() ? "width" : "height");
        }
        // Video encoders (H.264 with 4:2:0 chroma, VP9) need even sides; images take any size.
        boolean even = out == Kind.VIDEO;
        if (animation && width == null && height == null) {
            return gifFitting(input.width(), input.height());
        }
        OutputSize size = new OutputSize(
                side(width, height, input.width(), input.height(), even),
                side(height, width, input.height(), input.width(), even));
        requireWithinMaxSide(size, animation ? GIF_MAX_SIDE : MAX_SIDE);
        if (out == Kind.VIDEO) {
            requireWithinVideoPixels(size);
        }
        return size;
    }

    /** A GIF's size when none is asked for: the input's, scaled down to fit {@link #GIF_MAX_SIDE}. */
    private static OutputSize gifFitting(int inputWidth, int inputHeight) {
        double scale = Math.min(1.0, (double) GIF_MAX_SIDE / Math.max(inputWidth, inputHeight));
        return new OutputSize(
                Math.max(1, (int) Math.round(inputWidth * scale)), Math.max(1, (int) Math.round(inputHeight * scale)));
    }

    /** {@link #requireWithinMaxSide(OutputSize, int)} at {@link #MAX_SIDE}. */
    public static void requireWithinMaxSide(OutputSize size) {
        requireWithinMaxSide(size, MAX_SIDE);
    }

    /**
     * Refuses an output with a side over {@link #MAX_SIDE}, however its size came about: a side taken from
     * the input (no width or height asked for, or one derived from the other) is bounded as an explicit
     * one is, since encoding a huge picture takes gigabytes whoever chose its size.
     *
     * @throws SmidgenException {@code output_too_large} naming the side that is too long
     */
    private static void requireWithinMaxSide(OutputSize size, int maxSide) {
        if (size.width() == null || size.height() == null) {
            return;
        }
        if (size.width() > maxSide || size.height() > maxSide) {
            throw new SmidgenException(
                    ErrorCode.OUTPUT_TOO_LARGE,
                    "The output would be " + size.width() + "x" + size.height() + "; its sides may be at most "
                            + maxSide + " pixels" + (maxSide == GIF_MAX_SIDE ? " for an animation" : "")
                            + ". Ask for a smaller width or height.",
                    size.width() > maxSide ? "width" : "height");
        }
    }

    private static void requireWithinVideoPixels(OutputSize size) {
        long pixels = (long) size.width() * size.height();
        if (pixels > MAX_VIDEO_PIXELS) {
            throw new SmidgenException(
                    ErrorCode.OUTPUT_TOO_LARGE,
                    String.format(
                            java.util.Locale.ROOT,
                            "The output would be %dx%d (%.1f megapixels); a video may have at most %.1f megapixels"
                                    + " (8192x4320). Ask for a smaller width or height.",
                            size.width(),
                            size.height(),
                            pixels / 1e6,
                            MAX_VIDEO_PIXELS / 1e6),
                    "width");
        }
    }

    private static void requireAllowed(ProbedFacts input, OutputFormat format) {
        Kind in = input.kind();
        Kind out = format.kind();
        boolean allowed = switch (in) {
            case VIDEO -> true;
            case AUDIO -> out == Kind.AUDIO;
            // An animation (GIF, animated WebP) plays as a video too; an adaptive package is for long videos.
            case IMAGE ->
                out == Kind.IMAGE
                        || (out == Kind.VIDEO && Boolean.TRUE.equals(input.animated()) && !format.isPackage());
            case THUMBNAILS -> false; // a storyboard track is made from a video, never converted itself
        };
        if (!allowed) {
            throw new SmidgenException(
                    ErrorCode.CONVERSION_NOT_ALLOWED,
                    in == Kind.THUMBNAILS
                            ? "A thumbnails track cannot be converted; convert its media item's video."
                            : "A" + (in == Kind.AUDIO ? "n " : " ") + in.wire() + " cannot be converted to "
                                    + out.wire() + ".",
                    "kind");
        }
        if (in == Kind.VIDEO && out == Kind.AUDIO && Boolean.FALSE.equals(input.hasAudio())) {
            throw new SmidgenException(
                    ErrorCode.CONVERSION_NOT_ALLOWED, "This video has no audio stream to convert to audio.", "kind");
        }
    }

    /**
     * One side of the output: as requested, derived from the other side's scale when only that one
     * was given, or the input's own.
     */
    private static int side(Integer requested, Integer other, int inputSide, int inputOther, boolean even) {
        double exact;
        if (requested != null) {
            exact = requested;
        } else if (other != null) {
            exact = (double) other * inputSide / inputOther;
        } else {
            exact = inputSide;
        }
        if (!even) {
            return Math.max(1, (int) Math.round(exact));
        }
        int rounded = 2 * (int) Math.round(exact / 2);
        // Rounding up past the input would be an upscale by a pixel; 2 is the smallest even side.
        if (rounded > inputSide) {
            rounded -= 2;
        }
        return Math.max(2, rounded);
    }

    private static String describe(Integer width, Integer height) {
        return (width == null ? "auto" : width) + "x" + (height == null ? "auto" : height);
    }
}
