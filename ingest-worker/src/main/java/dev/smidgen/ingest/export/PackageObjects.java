package dev.smidgen.ingest.export;

import java.util.Locale;
import java.util.Map;

/**
 * Where the objects of a package (an HLS ladder, docs/api/adaptive-streaming.md) go in the user's
 * bucket: the entry point at the key the client named, every other object beside it under the same
 * relative name it has in the package, so the playlists' relative URIs still resolve.
 */
final class PackageObjects {
    private static final Map<String, String> TYPES = Map.of(
            "m3u8", "application/vnd.apple.mpegurl",
            "m4s", "video/iso.segment",
            "mp4", "video/mp4",
            "ts", "video/mp2t",
            "aac", "audio/aac",
            "vtt", "text/vtt",
            "jpg", "image/jpeg",
            "webp", "image/webp");

    private PackageObjects() {}

    /**
     * The bucket key of the stored object {@code key} of a package under {@code prefix} whose entry
     * point is {@code entryKey}, when the entry point is exported to {@code targetKey}.
     */
    static String targetOf(String key, String prefix, String entryKey, String targetKey) {
        if (key.equals(entryKey)) {
            return targetKey;
        }
        if (!key.startsWith(prefix)) {
            throw new IllegalArgumentException(key + " is not in the package " + prefix);
        }
        String dir = targetKey.substring(0, targetKey.lastIndexOf('/') + 1);
        return dir + key.substring(prefix.length());
    }

    /** The Content-Type of a package object, by its extension. */
    static String contentType(String key) {
        int dot = key.lastIndexOf('.');
        String ext = dot < 0 ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
