package dev.smidgen.devstack;

import java.nio.file.Path;
import java.util.List;

/**
 * A component of the stack that did not become ready: one line saying what failed, the log it wrote and the
 * telling end of that log ({@link LogExcerpt}). {@link #getMessage()} holds all three, for callers that only
 * print exceptions; {@code ./smidgen up} lays them out for a person.
 */
public final class StartFailure extends IllegalStateException {

    private final String reason;
    private final Path logFile;
    private final List<String> excerpt;

    StartFailure(String reason, Path logFile, List<String> excerpt) {
        super(reason + " (log: " + logFile + ")" + System.lineSeparator()
                + String.join(System.lineSeparator(), excerpt));
        this.reason = reason;
        this.logFile = logFile;
        this.excerpt = List.copyOf(excerpt);
    }

    /** What failed, in one line, e.g. {@code transcode-worker was not ready within 120 s: health check "ffmpeg" is DOWN: ...}. */
    public String reason() {
        return reason;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last telling lines of the log (see {@link LogExcerpt}). */
    public List<String> excerpt() {
        return excerpt;
    }

    /** The report {@code ./smidgen up} prints: the log excerpt under a heading naming the file, then the reason last. */
    public String report() {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append("---- last ")
                .append(excerpt.size())
                .append(" lines of ")
                .append(logFile)
                .append(" (stack frames and health-check polls left out) ----")
                .append(nl);
        excerpt.forEach(line -> out.append(line).append(nl));
        out.append("----").append(nl);
        out.append("Smidgen failed to start: ").append(reason).append(nl);
        out.append("Full log: ").append(logFile).append(nl);
        return out.toString();
    }
}
