package dev.smidgen.media.limits;

import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;

/**
 * The largest picture and the most frames a worker decodes, checked on the probe (which reads headers
 * only) before anything decodes a frame. A few hundred kilobytes of PNG or H.264 can declare a
 * 16000×16000 picture: decoding it takes a gigabyte per frame, so the declared size, not the file's,
 * is what is bounded.
 *
 * @param maxPixels most width × height of the picture
 * @param maxFrames most frames of the picture stream: stated by the container, else duration × rate
 */
public record PictureLimits(long maxPixels, long maxFrames) {
    /** 8192 × 8192: above 8K UHD (7680 × 4320) and the largest side a conversion may ask for. */
    public static final long DEFAULT_MAX_PIXELS = 8192L * 8192;
    /** Ten hours at 30 frames per second. */
    public static final long DEFAULT_MAX_FRAMES = 10L * 3600 * 30;

    public PictureLimits {
        if (maxPixels <= 0 || maxFrames <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The default limits. */
    public static PictureLimits defaults() {
        return new PictureLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FRAMES);
    }

    /**
     * Refuses media whose picture is larger than the limits; audio passes.
     *
     * @throws SmidgenException {@link ErrorCode#INPUT_TOO_LARGE} (permanent), naming the size found and the limit
     */
    public void check(ProbeResult probe) {
        check(probe.width(), probe.height(), frames(probe));
    }

    /** {@link #check(ProbeResult)} on stored facts: a file recorded before these limits existed. */
    public void check(Integer width, Integer height, Long frames) {
        if (width != null && height != null) {
            if ((long) width * height > maxPixels) {
                throw tooManyPixels(width, height);
            }
        }
        if (frames != null && frames > maxFrames) {
            throw new SmidgenException(
                    ErrorCode.INPUT_TOO_LARGE,
                    "The video has " + frames + " frames; the limit is " + maxFrames + " frames.");
        }
    }

    /** The failure of a {@code width} × {@code height} picture over {@link #maxPixels}. */
    public SmidgenException tooManyPixels(long width, long height) {
        return new SmidgenException(
                ErrorCode.INPUT_TOO_LARGE,
                "The picture is " + width + "x" + height + " (" + width * height + " pixels); the limit is " + maxPixels
                        + " pixels.");
    }

    /** The frame count the container states, else the one its duration and rate imply; null without a picture. */
    static Long frames(ProbeResult probe) {
        if (probe.frames() != null) {
            return probe.frames();
        }
        if (probe.duration() != null && probe.fps() != null) {
            return Math.round(probe.duration() * probe.fps());
        }
        return null;
    }
}
