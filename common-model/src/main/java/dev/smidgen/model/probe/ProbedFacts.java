package dev.smidgen.model.probe;

import dev.smidgen.model.Kind;

/**
 * What probing found in a file, as a File row stores it: the one description of a file's facts that
 * the ingest records, upload conditions and automation triggers test, and conversion checks read.
 * media-engine's {@code ProbeResult} gives one, a File row gives one back, without {@code catalog}
 * depending on FFmpeg. A fact the file does not have (the width of audio), or that was not recorded
 * when an old row was stored, is null.
 *
 * @param hasAudio whether the file has an audio stream; null for a row stored before Smidgen recorded
 *                 it (a conversion then finds out, and fails cleanly if there is none)
 * @param filesize bytes
 */
public record ProbedFacts(
        Kind kind,
        String mimeType,
        String container,
        String codec,
        Boolean hasAudio,
        Integer width,
        Integer height,
        Double duration,
        Double fps,
        Long bitrate,
        Long filesize,
        String orientation,
        Integer rotation,
        Boolean transparency,
        Boolean animated,
        Long frames) {

    /** Facts of which only the size is known: an upload checked before its bytes are probed. */
    public static ProbedFacts ofSize(Long filesize) {
        return new ProbedFacts(
                null, null, null, null, null, null, null, null, null, null, filesize, null, null, null, null, null);
    }

    /** These facts with the byte count actually received, which the upload conditions hold a file to. */
    public ProbedFacts withFilesize(Long received) {
        return new ProbedFacts(
                kind,
                mimeType,
                container,
                codec,
                hasAudio,
                width,
                height,
                duration,
                fps,
                bitrate,
                received,
                orientation,
                rotation,
                transparency,
                animated,
                frames);
    }
}
