package dev.smidgen.api.console;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Content-Security-Policy of the web console. The console keeps an API key in sessionStorage,
 * so an injected script must have nowhere to run and nowhere to send it: scripts and styles only
 * from the console's own files (no inline code), requests only to the API and the upload service,
 * media only from delivery, no framing, no plugins, no foreign form targets.
 *
 * <p>HLS playback with hls.js (docs/api/adaptive-streaming.md#the-console) fetches playlists and segments
 * from delivery itself and hands them to the video element as a MediaSource, whose URL is a {@code blob:}
 * one: so delivery is also a {@code connect-src}, and {@code media-src} takes {@code blob:}. hls.js runs
 * without its Web Worker, so no {@code worker-src} is needed.
 */
public final class ConsolePolicy {

    private ConsolePolicy() {}

    /** The header value for a console served with these public base URLs. */
    public static String header(String apiBaseUrl, String uploadBaseUrl, String deliveryBaseUrl) {
        String api = origin(apiBaseUrl);
        String connect = sources("'self'", api, origin(uploadBaseUrl), origin(deliveryBaseUrl));
        // Media and stills come from delivery; placeholders are data: URLs.
        String media = sources("'self'", api, origin(deliveryBaseUrl));
        return String.join(
                "; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src " + media + " data:",
                "media-src " + media + " blob:",
                "connect-src " + connect,
                "font-src 'self'",
                "manifest-src 'self'",
                "form-action 'self'",
                "base-uri 'none'",
                "frame-ancestors 'none'");
    }

    /** {@code scheme://host[:port]} of an absolute http(s) URL, lower-cased; fails on anything else. */
    static String origin(String url) {
        URI uri = URI.create(url.trim());
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute http(s) URL: " + url);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static String sources(String... sources) {
        Set<String> unique = new LinkedHashSet<>(java.util.List.of(sources));
        return String.join(" ", unique);
    }
}
