package dev.smidgen.media.process;

import java.util.HashMap;
import java.util.Map;

/**
 * Parses ffmpeg's {@code -progress pipe:1} output: blocks of {@code key=value} lines, each ended by
 * {@code progress=continue} or {@code progress=end}. Feed it lines; it reports each block.
 */
public final class ProgressParser {
    private final Double expectedDurationSeconds;
    private final ProgressListener listener;
    private final Map<String, String> block = new HashMap<>();
    private double lastOutTime;

    /**
     * @param expectedDurationSeconds the output's expected duration, or null/non-positive if unknown
     *                                (then reports carry no fraction until the end)
     */
    public ProgressParser(Double expectedDurationSeconds, ProgressListener listener) {
        this.expectedDurationSeconds = expectedDurationSeconds;
        this.listener = listener;
    }

    /** Consumes one output line; a {@code progress=} line completes a block and notifies the listener. */
    public void line(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String key = line.substring(0, eq).trim();
        String value = line.substring(eq + 1).trim();
        if (!key.equals("progress")) {
            block.put(key, value);
            return;
        }
        boolean done = value.equals("end");
        // Media time only grows. A block can say N/A (seen near the end of a VP9 + Opus encode) and must not
        // read as 0, or the fraction would jump back.
        Double reported = outTime();
        lastOutTime = reported == null ? lastOutTime : Math.max(lastOutTime, reported);
        Progress progress = new Progress(lastOutTime, fraction(lastOutTime, done), frame(), speed(), done);
        block.clear();
        listener.onProgress(progress);
    }

    /** The block's media time in seconds (never negative), or null when it gives none ({@code N/A}). */
    private Double outTime() {
        // out_time_ms is in microseconds too (a long-standing ffmpeg quirk); prefer the explicit key.
        Long micros = parseLong(block.getOrDefault("out_time_us", block.get("out_time_ms")));
        if (micros != null) {
            return Math.max(0, micros / 1_000_000.0);
        }
        Double clock = parseClock(block.get("out_time"));
        return clock == null ? null : Math.max(0, clock);
    }

    private Double fraction(double outTime, boolean done) {
        if (done) {
            return 1.0;
        }
        if (expectedDurationSeconds == null || !(expectedDurationSeconds > 0)) {
            return null;
        }
        return Math.min(1.0, outTime / expectedDurationSeconds);
    }

    private long frame() {
        Long frame = parseLong(block.get("frame"));
        return frame == null ? -1 : frame;
    }

    private Double speed() {
        String speed = block.get("speed");
        if (speed == null || !speed.endsWith("x")) {
            return null;
        }
        try {
            return Double.parseDouble(speed.substring(0, speed.length() - 1).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null; // "N/A" before the first packet is written
        }
    }

    /** HH:MM:SS.micros, possibly negative at the very start; null when absent or unreadable ({@code N/A}). */
    private static Double parseClock(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.replace("-", "").split(":");
        if (parts.length != 3) {
            return null;
        }
        try {
            double seconds = Integer.parseInt(parts[0]) * 3600.0
                    + Integer.parseInt(parts[1]) * 60.0
                    + Double.parseDouble(parts[2]);
            return value.startsWith("-") ? -seconds : seconds;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
