package dev.smidgen.api.delivery;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delivery path inside an HLS package (docs/api/adaptive-streaming.md): {@code {project}/.hls/{file_id}/{name}},
 * where {@code name} is the master playlist, a rendition's playlist, init segment or media segment. No
 * user folder starts with a dot, so these paths never name an ordinary file.
 *
 * @param projectId      the project
 * @param prefix         the package's key prefix, as its file row records it ({@code prj_…/.hls/file_…/})
 * @param relativePrefix the prefix relative to the project, which a package signature covers
 * @param name           the object inside the package ({@code 720p/seg_00001.m4s})
 */
record PackagePath(String projectId, String prefix, String relativePrefix, String name) {
    private static final Pattern PATH = Pattern.compile(
            "(prj_[A-Za-z0-9]+)/(\\.hls/file_[A-Za-z0-9]+/)((?:[a-z0-9]+/)?[A-Za-z0-9_]+\\.(?:m3u8|m4s|mp4))");

    /** The package path {@code key} (the URL path after {@code /cdn/}) names, if it names one. */
    static Optional<PackagePath> of(String key) {
        Matcher m = PATH.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
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

    /** The type it is served with: playlists, CMAF media segments, and the init segments (MP4 headers). */
    String mimeType() {
        if (isPlaylist()) {
            return "application/vnd.apple.mpegurl";
        }
        if (name.endsWith(".m4s")) {
            return "video/iso.segment";
        }
        return name.startsWith("audio/") ? "audio/mp4" : "video/mp4";
    }
}
