package dev.smidgen.api.delivery;

/**
 * Carries a package signature from a storyboard's WebVTT track to its sprite sheets, as
 * {@link PlaylistSigning} does from a playlist to its segments (docs/api/storyboards.md#private-projects).
 * A player resolves a cue's relative sheet URL against the track's URL without its query, so delivery
 * serves a private project's track with the package's signature added to every relative URL of a cue's
 * text, before its {@code #xywh=} fragment. The stored track stays as written.
 */
final class TrackSigning {
    private TrackSigning() {}

    /** {@code vtt} with {@code query} (without '?') added to each cue's relative URL. */
    static String rewrite(String vtt, String query) {
        StringBuilder out = new StringBuilder(vtt.length() + 64 * 16);
        boolean inCue = false;
        String[] lines = vtt.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isBlank()) {
                inCue = false;
                out.append(l);
            } else if (l.contains("-->")) {
                inCue = true; // the timing line: the cue's text follows until a blank line
                out.append(l);
            } else if (inCue) {
                out.append(signed(l.trim(), query));
            } else {
                out.append(l); // the header, a cue identifier, a NOTE
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String signed(String url, String query) {
        if (url.isEmpty() || url.contains("://") || url.startsWith("/")) {
            return url; // not one of the track's own relative names
        }
        int fragment = url.indexOf('#');
        String path = fragment < 0 ? url : url.substring(0, fragment);
        String rest = fragment < 0 ? "" : url.substring(fragment);
        return path + (path.contains("?") ? "&" : "?") + query + rest;
    }
}
