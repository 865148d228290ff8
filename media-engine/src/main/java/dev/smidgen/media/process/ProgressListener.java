package dev.smidgen.media.process;

/** Receives the progress of a running ffmpeg, on the thread that reads its output. */
@FunctionalInterface
public interface ProgressListener {
    /** Called once per {@code -progress} block; must return quickly, as ffmpeg waits while it runs. */
    void onProgress(Progress progress);
}
