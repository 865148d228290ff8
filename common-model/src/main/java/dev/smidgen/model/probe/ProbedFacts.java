package dev.smidgen.model.probe;

import dev.smidgen.model.Kind;

/**
 * What probing found in a file, as a File row stores it. media-engine's {@code ProbeResult} is one;
 * the interface lets {@code catalog} record it without depending on FFmpeg.
 */
public interface ProbedFacts {
    Kind kind();

    String mimeType();

    String container();

    String codec();

    boolean hasAudio();

    Integer width();

    Integer height();

    Double duration();

    Double fps();

    Long bitrate();

    long filesize();

    String orientation();

    int rotation();

    boolean transparency();

    boolean animated();

    Long frames();
}
