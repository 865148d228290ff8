package dev.smidgen.model;

import java.util.Locale;

/** What a file is, as far as the API is concerned. */
public enum Kind {
    VIDEO,
    AUDIO,
    IMAGE,
    /**
     * A storyboard track (docs/api/storyboards.md): a WebVTT file whose cues point into sprite sheets of
     * thumbnails. Only conversions make it, and nothing converts from it.
     */
    THUMBNAILS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Kind fromWire(String value) {
        for (Kind k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        throw SmidgenException.invalid("kind", "kind must be one of video, audio, image, thumbnails.");
    }
}
