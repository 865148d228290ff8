package dev.smidgen.model.convert;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.probe.ProbedFacts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.function.Function;

/**
 * The options of a storyboard, the {@code thumbnails} kind (docs/api/storyboards.md): seconds between
 * thumbnails and the grid of a sprite sheet, each null when not asked for. Read from a request body
 * ({@link #read}) and resolved against the input's facts at request time ({@link #resolve}), which is
 * where every bound is checked, so that a worker never meets a storyboard it should not make.
 *
 * @param interval seconds between two thumbnails, whole milliseconds from {@value #MIN_INTERVAL}
 * @param columns  thumbnails across a sheet, 1 to {@value #MAX_GRID}
 * @param rows     thumbnails down a sheet, 1 to {@value #MAX_GRID}
 */
public record StoryboardOptions(Double interval, Integer columns, Integer rows) {
    public static final StoryboardOptions NONE = new StoryboardOptions(null, null, null);

    /** Shortest interval that may be asked for; the default is never under {@value #MIN_DEFAULT_INTERVAL} s. */
    public static final double MIN_INTERVAL = 0.1;
    /** Longest interval: an hour. A storyboard of a shorter video then holds one thumbnail. */
    public static final double MAX_INTERVAL = 3600;
    /** The default interval is never shorter than a second, so a short clip gets no near-duplicate tiles. */
    public static final double MIN_DEFAULT_INTERVAL = 1;
    /** The default interval aims at most this many thumbnails. */
    public static final int DEFAULT_MAX_TILES = 200;
    /** The default intervals, in seconds: the first that keeps a video within {@link #DEFAULT_MAX_TILES}. */
    private static final double[] DEFAULT_STEPS = {1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600};
    /**
     * Most thumbnails of one storyboard, asked for or not: an hour at one a second. Each is a decoded,
     * scaled frame, and the VTT a player downloads has a cue per thumbnail.
     */
    public static final int MAX_TILES = 3600;

    public static final int DEFAULT_WIDTH = 160;
    public static final int MIN_WIDTH = 16;
    /** Widest thumbnail: a preview over a seek bar, not a poster frame. */
    public static final int MAX_WIDTH = 640;

    public static final int DEFAULT_GRID = 10;
    public static final int MAX_GRID = 20;
    /**
     * Most pixels of one sprite sheet (4096 × 4096): the tile filter holds the sheet in memory while the
     * thumbnails arrive, and a browser decodes the whole sheet to show one tile of it.
     */
    public static final long MAX_SHEET_PIXELS = 4096L * 4096;

    /** A storyboard fixed for one input: what the worker makes, and what the task shows. */
    public record Resolved(double interval, int width, int height, int columns, int rows, int tiles) {}

    /**
     * Reads the options from a request's values.
     *
     * @throws SmidgenException {@code invalid_request} naming the field
     */
    public static StoryboardOptions read(Function<String, Object> values) {
        return new StoryboardOptions(
                interval(values.apply("interval")),
                grid(values.apply("columns"), "columns"),
                grid(values.apply("rows"), "rows"));
    }

    private static Double interval(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw SmidgenException.invalid("interval", "interval must be a number of seconds.");
        }
        double ms = BigDecimal.valueOf(n.doubleValue())
                .setScale(3, RoundingMode.HALF_UP)
                .doubleValue();
        if (ms < MIN_INTERVAL || ms > MAX_INTERVAL) {
            throw SmidgenException.invalid(
                    "interval",
                    String.format(
                            Locale.ROOT,
                            "interval must be between %s and %s seconds.",
                            seconds(MIN_INTERVAL),
                            seconds(MAX_INTERVAL)));
        }
        return ms;
    }

    private static Integer grid(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)
                || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < 1
                || n.doubleValue() > MAX_GRID) {
            throw SmidgenException.invalid(field, field + " must be a whole number from 1 to " + MAX_GRID + ".");
        }
        return n.intValue();
    }

    /** The tile width asked for, checked; null when none was. */
    public static Integer width(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)
                || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < MIN_WIDTH
                || n.doubleValue() > MAX_WIDTH) {
            throw SmidgenException.invalid(
                    "width",
                    "width (of one thumbnail) must be whole pixels from " + MIN_WIDTH + " to " + MAX_WIDTH + ".");
        }
        return n.intValue();
    }

    /**
     * Fixes the storyboard of {@code input}: the default interval for its duration, the tile's size from
     * its aspect ratio, and the bounds of a storyboard.
     *
     * @param width the tile width asked for, or null for {@value #DEFAULT_WIDTH} (or the input's, if narrower)
     * @throws SmidgenException {@code conversion_not_allowed} for an input that is not a video with a
     *                          duration; {@code upscale_not_allowed} for a tile wider than the input;
     *                          {@code output_too_large} naming {@code interval} for more than
     *                          {@value #MAX_TILES} thumbnails, or {@code columns} for a sheet too large
     */
    public Resolved resolve(ProbedFacts input, Integer width) {
        if (input.kind() != Kind.VIDEO
                || input.width() == null
                || input.height() == null
                || input.width() <= 0
                || input.height() <= 0
                || input.duration() == null
                || input.duration() <= 0) {
            throw new SmidgenException(
                    ErrorCode.CONVERSION_NOT_ALLOWED,
                    "Thumbnails are made from a video; this input is "
                            + (input.kind() == Kind.VIDEO
                                    ? "a video without a picture or duration"
                                    : "an " + input.kind().wire())
                            + ".",
                    "kind");
        }
        if (width != null && width > input.width()) {
            throw new SmidgenException(
                    ErrorCode.UPSCALE_NOT_ALLOWED,
                    "A thumbnail (" + width + " wide) cannot be wider than the video (" + input.width() + ").",
                    "width");
        }
        // Even, as the height is: sheets of 4:2:0 pictures are made of whole chroma blocks.
        int w = Math.max(2, (width != null ? width : Math.min(DEFAULT_WIDTH, input.width())) / 2 * 2);
        int h = 2 * (int) Math.round((double) w * input.height() / input.width() / 2);
        if (h > input.height()) {
            h -= 2; // rounding up to even past the video would be an upscale by a pixel
        }
        h = Math.max(2, h);
        double every = interval != null ? interval : defaultInterval(input.duration());
        int tiles = tiles(input.duration(), every);
        if (tiles > MAX_TILES) {
            throw new SmidgenException(
                    ErrorCode.OUTPUT_TOO_LARGE,
                    String.format(
                            Locale.ROOT,
                            "A thumbnail every %s s of %.3f s would be %d thumbnails; a storyboard holds at most %d."
                                    + " Ask for a longer interval.",
                            seconds(every),
                            input.duration(),
                            tiles,
                            MAX_TILES),
                    "interval");
        }
        int c = columns != null ? columns : DEFAULT_GRID;
        int r = rows != null ? rows : DEFAULT_GRID;
        long sheet = (long) c * w * r * h;
        if (sheet > MAX_SHEET_PIXELS) {
            throw new SmidgenException(
                    ErrorCode.OUTPUT_TOO_LARGE,
                    String.format(
                            Locale.ROOT,
                            "A sheet of %dx%d thumbnails of %dx%d would be %dx%d pixels; a sheet may hold at most %.1f"
                                    + " megapixels. Ask for fewer columns or rows, or a smaller width.",
                            c,
                            r,
                            w,
                            h,
                            c * w,
                            r * h,
                            MAX_SHEET_PIXELS / 1e6),
                    columns != null || rows == null ? "columns" : "rows");
        }
        return new Resolved(every, w, h, c, r, tiles);
    }

    /**
     * The interval when none is asked for: the first of 1, 2, 3, 5, 10, 15, 20, 30 s, 1, 2, 3, 5, 10 min
     * that keeps the video within {@value #DEFAULT_MAX_TILES} thumbnails (a 5-minute video gets one every
     * 2 s, an hour one every 20 s), and past 10 minutes whatever brings it to that many.
     */
    public static double defaultInterval(double duration) {
        for (double step : DEFAULT_STEPS) {
            if (tiles(duration, step) <= DEFAULT_MAX_TILES) {
                return step;
            }
        }
        return Math.ceil(duration / DEFAULT_MAX_TILES);
    }

    /**
     * How many thumbnails a storyboard of {@code duration} seconds has at {@code interval}: one at the
     * start of each interval, the last one covering what is left ({@code ceil(duration / interval)}), both
     * counted in whole milliseconds as the WebVTT cues are, so that no cue is empty.
     */
    public static int tiles(double duration, double interval) {
        long durationMs = Math.round(duration * 1000);
        long intervalMs = Math.max(1, Math.round(interval * 1000));
        long n = (durationMs + intervalMs - 1) / intervalMs;
        return (int) Math.max(1, Math.min(n, Integer.MAX_VALUE));
    }

    private static String seconds(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
