package dev.smidgen.api.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries a package signature from a playlist to what it names. A player resolves a playlist's relative
 * URIs against the playlist's URL without its query, so a private package's signature would stop at the
 * master playlist; delivery therefore serves a private project's playlists with the signature of the
 * package's prefix appended to every relative URI: the rendition playlists, the init segments
 * ({@code URI="…"} attributes) and the media segments. The stored playlists stay as FFmpeg and the
 * packager wrote them.
 */
final class PlaylistSigning {
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");

    private PlaylistSigning() {}

    /** {@code playlist} with {@code query} (without '?') added to each relative URI. */
    static String rewrite(String playlist, String query) {
        StringBuilder out = new StringBuilder(playlist.length() + 256);
        for (String line : playlist.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isBlank()) {
                out.append(l);
            } else if (l.startsWith("#")) {
                Matcher m = URI_ATTRIBUTE.matcher(l);
                StringBuilder tag = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(tag, Matcher.quoteReplacement("URI=\"" + signed(m.group(1), query) + "\""));
                }
                m.appendTail(tag);
                out.append(tag);
            } else {
                out.append(signed(l.trim(), query));
            }
            out.append('\n');
        }
        // split(-1) keeps the text after the last newline: one newline too many was added for it.
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static String signed(String uri, String query) {
        if (uri.isEmpty() || uri.contains("://") || uri.startsWith("/")) {
            return uri; // not one of the package's own relative names
        }
        return uri + (uri.contains("?") ? "&" : "?") + query;
    }
}
