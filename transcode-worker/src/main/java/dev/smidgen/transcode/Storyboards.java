package dev.smidgen.transcode;

import dev.smidgen.media.transcode.storyboard.Storyboard;
import dev.smidgen.media.transcode.storyboard.StoryboardSpec;
import dev.smidgen.model.Kind;
import dev.smidgen.model.probe.ProbedFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a storyboard track is stored and how its row describes it (docs/api/storyboards.md). Its objects
 * live under {@code {project}/.thumbnails/{file_id}/}, for the reasons an HLS package lives under its own
 * prefix ({@link HlsPackages}): a retry writes the same keys, moving the media item moves nothing, and
 * deleting the file deletes one prefix.
 */
final class Storyboards {
    /** The type the track is stored and served with. */
    static final String VTT_TYPE = "text/vtt";

    private Storyboards() {}

    /** The key prefix of the storyboard of output file {@code fileId}, ending in '/'. */
    static String prefix(String projectId, String fileId) {
        return projectId + "/.thumbnails/" + fileId + "/";
    }

    /** The type an object of the storyboard is stored with, from its name. */
    static String mimeType(String name, StoryboardSpec spec) {
        return name.endsWith(".vtt") ? VTT_TYPE : spec.format().mimeType();
    }

    /**
     * The track's facts: kind {@code thumbnails}, a WebVTT of the video's duration, one thumbnail's size,
     * as many frames as thumbnails, and the size of all its objects.
     */
    static ProbedFacts facts(Storyboard board) {
        StoryboardSpec spec = board.spec();
        return new ProbedFacts(
                Kind.THUMBNAILS,
                VTT_TYPE,
                "webvtt",
                spec.format().wire(),
                false,
                spec.width(),
                spec.height(),
                spec.duration(),
                null,
                null,
                board.bytes(),
                spec.width() >= spec.height() ? (spec.width() == spec.height() ? "square" : "landscape") : "portrait",
                null,
                null,
                null,
                (long) spec.tiles());
    }

    /** The sheets as the track's {@code sheets} show them. */
    static List<Map<String, Object>> describe(Storyboard board) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Storyboard.Sheet sheet : board.sheets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", sheet.name());
            m.put("width", sheet.width());
            m.put("height", sheet.height());
            m.put("columns", board.spec().sheetColumns());
            m.put("rows", board.spec().sheetRows());
            m.put("thumbnails", sheet.tiles());
            out.add(m);
        }
        return out;
    }
}
