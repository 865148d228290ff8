package dev.smidgen.media.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A finished, successful run.
 *
 * @param stdout     captured standard output (empty when progress was streamed instead)
 * @param stderrTail the last lines of standard error (warnings of a successful run)
 */
public record ProcessResult(int exitCode, byte[] stdout, String stderrTail, Duration elapsed) {

    /** Standard output decoded as UTF-8. */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
