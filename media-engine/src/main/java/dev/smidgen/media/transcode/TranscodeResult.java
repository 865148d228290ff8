package dev.smidgen.media.transcode;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished conversion.
 *
 * @param output  the written file, where the caller asked for it
 * @param bytes   its size, for the bytes-out metric
 * @param elapsed wall-clock time of the FFmpeg run(s)
 */
public record TranscodeResult(Path output, long bytes, Duration elapsed) {}
