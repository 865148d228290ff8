package dev.smidgen.api.delivery;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delivery path inside a package: an HLS package (docs/api/adaptive-streaming.md),
 * {@code {project}/.hls/{file_id}/{name}}, where {@code name} is the master playlist, a rendition's playlist,
 * init segment or media segment; or a storyboard track (docs/api/storyboards.md),
 * {@code {project}/.thumbnails/{file_id}/{name}}, its WebVTT or one of its sprite sheets. No user folder
 * starts with a dot, so these paths never name an ordinary file.
 *
 * @param projectId      the project
 * @param prefix         the package's key prefix, as its file row records it ({@code prj_…/.hls/file_…/})
 * @param relativePrefix the prefix relative to the project, which a package signature covers
 * @param name           the object inside the package ({@code 720p/seg_00001.m4s}, {@code sheet-000.jpg})
 */
record PackagePath(String projectId, String prefix, String relativePrefix, String name) {
    private static final Pattern PATH = Pattern.compile(
            "(prj_[A-Za-z0-9]+)/(\\.hls/file_[A-Za-z0-9]+/)((?:[a-z0-9]+/)?[A-Za-z0-9_]+\\.(?:m3u8|m4s|mp4))");
    private static final Pattern STORYBOARD_PATH = Pattern.compile(
            "(prj_[A-Za-z0-9]+)/(\\.thumbnails/file_[A-Za-z0-9]+/)(thumbnails\\.vtt|sheet-[0-9]{3,5}\\.(?:jpg|webp))");

    /** The package path {@code key} (the URL path after {@code /cdn/}) names, if it names one. */
    static Optional<PackagePath> of(String key) {
        Matcher m = PATH.matcher(key);
        if (!m.matches()) {
            m = STORYBOARD_PATH.matcher(key);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(new PackagePath(m.group(1), m.group(1) + "/" + m.group(2), m.group(2), m.group(3)));
    }

    /** The object's key in the store. */
    String key() {
        return prefix + name;
    }

    /** The path relative to the project, which a signature of this one object covers. */
    String relativePath() {
        return relativePrefix + name;
    }

    boolean isPlaylist() {
        return name.endsWith(".m3u8");
    }

    /** A storyboard's WebVTT track, which names its sheets as a playlist names segments. */
    boolean isTrack() {
        return name.endsWith(".vtt");
    }

    /**
     * The type it is served with: playlists, CMAF media segments, the init segments (MP4 headers); a
     * storyboard's WebVTT and its sheets.
     */
    String mimeType() {
        if (isPlaylist()) {
            return "application/vnd.apple.mpegurl";
        }
        if (isTrack()) {
            return "text/vtt";
        }
        if (name.endsWith(".jpg")) {
            return "image/jpeg";
        }
        if (name.endsWith(".webp")) {
            return "image/webp";
        }
        if (name.endsWith(".m4s")) {
            return "video/iso.segment";
        }
        return name.startsWith("audio/") ? "audio/mp4" : "video/mp4";
    }
}
