package dev.smidgen.media.process;

/**
 * One progress report of an ffmpeg run.
 *
 * @param outTimeSeconds media time written so far
 * @param fraction       {@code outTimeSeconds} / expected duration in [0, 1], or null when no duration
 *                       was expected; always 1.0 once {@code done}
 * @param frame          frames written so far, or -1 if ffmpeg did not say (audio-only outputs)
 * @param speed          processing speed as a multiple of real time, or null when unknown
 * @param done           true for the final report ({@code progress=end})
 */
public record Progress(double outTimeSeconds, Double fraction, long frame, Double speed, boolean done) {}
