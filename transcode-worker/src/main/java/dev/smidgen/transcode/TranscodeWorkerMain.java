package dev.smidgen.transcode;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the worker with its default number of conversions at once sized to the machine, one per
 * {@value #CORES_PER_CONVERSION} cores (an FFmpeg run uses at most that many threads, so one
 * conversion leaves a larger machine idle). It has to be known before the messaging layer sizes its
 * worker pool from {@code smallrye.messaging.worker.transcode.max-concurrency}, which reads it
 * (application.properties); {@code SMIDGEN_TRANSCODE_CONCURRENCY} still wins.
 */
@QuarkusMain
public final class TranscodeWorkerMain {
    // Outside the smidgen.transcode mapping, which refuses names it does not know.
    static final String DEFAULT_CONCURRENCY = "machine.transcode-concurrency";
    static final int CORES_PER_CONVERSION = 8;

    private TranscodeWorkerMain() {}

    public static void main(String... args) {
        if (System.getProperty(DEFAULT_CONCURRENCY) == null) {
            // availableProcessors follows the container's CPU quota, so a pod sizes itself by its limit.
            System.setProperty(
                    DEFAULT_CONCURRENCY,
                    Integer.toString(conversionsAtOnce(Runtime.getRuntime().availableProcessors())));
        }
        Quarkus.run(args);
    }

    /** One conversion per {@value #CORES_PER_CONVERSION} cores, rounded up: 1 up to 8 cores, 2 up to 16, … */
    static int conversionsAtOnce(int cores) {
        return Math.max(1, (cores + CORES_PER_CONVERSION - 1) / CORES_PER_CONVERSION);
    }
}
