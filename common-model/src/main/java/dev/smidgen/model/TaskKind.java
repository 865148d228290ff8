package dev.smidgen.model;

import java.util.Locale;

/** What a task does: fetch a URL into the library, or produce a new video, audio or image source or a storyboard track. */
public enum TaskKind {
    INGEST(Topics.INGEST),
    VIDEO(Topics.TRANSCODE),
    AUDIO(Topics.TRANSCODE),
    IMAGE(Topics.TRANSCODE),
    /** Sprite sheets and a WebVTT track of thumbnails (docs/api/storyboards.md). */
    THUMBNAILS(Topics.TRANSCODE),
    /** Reads a URL's media facts without keeping the file (a step of the jobs generation, docs/api/jobs.md). */
    PROBE(Topics.INGEST),
    /** Copies a stored file to the user's own bucket through a connection (docs/api/connections.md). */
    EXPORT(Topics.INGEST);

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
        if (!isConversion()) {
            throw new IllegalStateException("A " + wire() + " task produces no source of one kind.");
        }
        return Kind.valueOf(name());
    }

    /** Whether this kind makes a new source of a media item (video, audio, image, thumbnails). */
    public boolean isConversion() {
        return this == VIDEO || this == AUDIO || this == IMAGE || this == THUMBNAILS;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A kind of the 2025-08-20 generation's {@code /tasks} (probe and export are steps of the jobs generation). */
    public static TaskKind fromWire(String value) {
        for (TaskKind k : values()) {
            if (k.wire().equals(value) && k != PROBE && k != EXPORT) {
                return k;
            }
        }
        throw SmidgenException.invalid("kind", "kind must be one of ingest, video, audio, image, thumbnails.");
    }
}
