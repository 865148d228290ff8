package dev.smidgen.model;

import java.util.Locale;

/** What a task does: fetch a URL into the library, or produce a new video, audio or image source or a storyboard track. */
public enum TaskKind {
    INGEST(Topics.INGEST),
    VIDEO(Topics.TRANSCODE),
    AUDIO(Topics.TRANSCODE),
    IMAGE(Topics.TRANSCODE),
    /** Sprite sheets and a WebVTT track of thumbnails (docs/api/storyboards.md). */
    THUMBNAILS(Topics.TRANSCODE);

    private final String topic;

    TaskKind(String topic) {
        this.topic = topic;
    }

    /** The Kafka topic that announces tasks of this kind to workers. */
    public String topic() {
        return topic;
    }

    /** The conversion task that makes a source of {@code output}'s kind. */
    public static TaskKind of(Kind output) {
        return valueOf(output.name());
    }

    /** What a conversion task of this kind produces. */
    public Kind outputKind() {
        if (this == INGEST) {
            throw new IllegalStateException("An ingest produces whatever its source is, not one kind.");
        }
        return Kind.valueOf(name());
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskKind fromWire(String value) {
        for (TaskKind k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        throw SmidgenException.invalid("kind", "kind must be one of ingest, video, audio, image, thumbnails.");
    }
}
