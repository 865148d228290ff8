package dev.smidgen.media.transcode.storyboard;

import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.StoryboardOptions;

/**
 * What one storyboard run makes (docs/api/storyboards.md): {@link #tiles()} thumbnails of
 * {@code width}×{@code height}, one every {@code interval} seconds of a video of {@code duration}
 * seconds, laid out in sprite sheets of {@link #sheetColumns()}×{@link #sheetRows()}. Pure, so the layout
 * that the FFmpeg run and the WebVTT track must agree on is computed in one place.
 *
 * @param format   the sheets' format, {@code jpeg} or {@code webp}
 * @param interval seconds between two thumbnails (whole milliseconds)
 * @param duration the video's duration in seconds: the last cue ends there
 * @param width    one thumbnail's width
 * @param height   one thumbnail's height
 * @param columns  the grid of a full sheet, as the task asked
 * @param rows     the grid of a full sheet, as the task asked
 * @param quality  0–1, the quality of the sheets' encoder
 */
public record StoryboardSpec(
        OutputFormat format,
        double interval,
        double duration,
        int width,
        int height,
        int columns,
        int rows,
        double quality) {
    /** The WebVTT file of the track, beside its sheets. */
    public static final String VTT = "thumbnails.vtt";

    public StoryboardSpec {
        if (!format.isSheetFormat()) {
            throw new IllegalArgumentException("Sheets are jpeg or webp, not " + format.wire());
        }
        if (!(interval > 0) || !(duration > 0) || width < 1 || height < 1 || columns < 1 || rows < 1) {
            throw new IllegalArgumentException("A storyboard needs a positive interval, duration, size and grid");
        }
    }

    /** Number of thumbnails: {@code ceil(duration / interval)}, in whole milliseconds. */
    public int tiles() {
        return StoryboardOptions.tiles(duration, interval);
    }

    /**
     * Columns of each sheet: as asked, unless every thumbnail fits one sheet, which is then no wider than
     * its thumbnails need (a 5-thumbnail storyboard is one 5×1 sheet, not a mostly empty 10×10).
     */
    public int sheetColumns() {
        return fitsOneSheet() ? Math.min(columns, tiles()) : columns;
    }

    /** Rows of each sheet: as asked, or as few as the thumbnails of a single sheet need. */
    public int sheetRows() {
        return fitsOneSheet() ? (tiles() + sheetColumns() - 1) / sheetColumns() : rows;
    }

    public int tilesPerSheet() {
        return sheetColumns() * sheetRows();
    }

    public int sheets() {
        return (tiles() + tilesPerSheet() - 1) / tilesPerSheet();
    }

    /** The file name of sheet {@code index}: {@code sheet-000.jpg}, {@code sheet-001.jpg}, …. */
    public String sheetName(int index) {
        return String.format(java.util.Locale.ROOT, "sheet-%03d.%s", index, format.extension());
    }

    /** Milliseconds between two thumbnails. */
    long intervalMillis() {
        return Math.max(1, Math.round(interval * 1000));
    }

    long durationMillis() {
        return Math.round(duration * 1000);
    }

    private boolean fitsOneSheet() {
        return tiles() < columns * rows;
    }
}
