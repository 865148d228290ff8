package dev.smidgen.media.transcode.storyboard;

import java.util.Locale;

/**
 * The WebVTT track of a storyboard: one cue per thumbnail, from its time to the next one's (the last
 * to the video's end), whose text is the sheet's name, relative to the track, with a media fragment
 * ({@code #xywh=x,y,w,h}) naming the thumbnail's rectangle in it, as players' thumbnail tracks read them.
 * Times are whole milliseconds, so cues are contiguous and none is empty.
 */
public final class StoryboardVtt {
    private StoryboardVtt() {}

    /** The track's text for {@code spec}. */
    public static String write(StoryboardSpec spec) {
        int tiles = spec.tiles();
        StringBuilder out = new StringBuilder(64 + tiles * 64).append("WEBVTT\n");
        long step = spec.intervalMillis();
        long end = spec.durationMillis();
        int perSheet = spec.tilesPerSheet();
        int columns = spec.sheetColumns();
        for (int i = 0; i < tiles; i++) {
            long from = i * step;
            long to = i == tiles - 1 ? end : Math.min(end, from + step);
            int onSheet = i % perSheet;
            out.append('\n')
                    .append(time(from))
                    .append(" --> ")
                    .append(time(to))
                    .append('\n')
                    .append(spec.sheetName(i / perSheet))
                    .append("#xywh=")
                    .append((onSheet % columns) * spec.width())
                    .append(',')
                    .append((onSheet / columns) * spec.height())
                    .append(',')
                    .append(spec.width())
                    .append(',')
                    .append(spec.height())
                    .append('\n');
        }
        return out.toString();
    }

    /** {@code hh:mm:ss.ttt}; hours grow past two digits rather than wrap. */
    static String time(long millis) {
        return String.format(
                Locale.ROOT,
                "%02d:%02d:%02d.%03d",
                millis / 3_600_000,
                millis / 60_000 % 60,
                millis / 1000 % 60,
                millis % 1000);
    }
}
