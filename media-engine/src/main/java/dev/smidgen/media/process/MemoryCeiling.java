package dev.smidgen.media.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A virtual memory ceiling on one FFmpeg process, set by the OS: the process starts through POSIX
 * {@code sh}, which sets {@code ulimit -v} (RLIMIT_AS) and then replaces itself with FFmpeg, so the limit
 * holds for FFmpeg and every thread it starts and costs no extra process. An allocation past it fails
 * inside FFmpeg (an encoder that cannot open, a frame that cannot be allocated), which exits with an
 * error instead of growing to gigabytes. Where there is no {@code /bin/sh} (Windows) nothing is limited.
 *
 * <p>A virtual limit counts address space, not memory in use: glibc reserves an arena of 64 MiB for
 * each thread that allocates, so the ceiling would mostly measure the thread count. The child therefore
 * runs with {@code MALLOC_ARENA_MAX=2}, which bounds those reservations without slowing FFmpeg, whose
 * threads allocate their buffers up front.
 */
public final class MemoryCeiling {
    /**
     * What FFmpeg and its libraries print when an allocation fails (libavutil, libvpx, libx264, libstdc++),
     * and when a thread's stack cannot be mapped (a new thread is address space too).
     */
    private static final Pattern ALLOCATION_FAILED = Pattern.compile(
            "Cannot allocate memory|Memory allocation error|out of memory|bad_alloc|malloc of size \\d+ failed|"
                    + "(?:Could not|Failed to|Unable to|cannot) allocate|pthread_create\\(\\) failed",
            Pattern.CASE_INSENSITIVE);

    private MemoryCeiling() {}

    /** Whether this OS can set the ceiling (a POSIX shell to set it from). */
    public static boolean supported() {
        return !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                && ParentWatch.available();
    }

    /**
     * {@code command} started under a ceiling of {@code bytes}; unchanged for 0 or where not {@link #supported}.
     * The shell's {@code $0} and {@code $@} carry the command, so no argument is ever parsed by the shell.
     */
    static List<String> wrap(List<String> command, long bytes, boolean supported) {
        if (bytes <= 0 || !supported) {
            return command;
        }
        long kib = Math.max(1, bytes / 1024);
        List<String> wrapped = new ArrayList<>(
                List.of(ParentWatch.SHELL.toString(), "-c", "ulimit -v " + kib + "; exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The environment the limited child gets on top of the inherited one. */
    static void configure(Map<String, String> env) {
        env.put("MALLOC_ARENA_MAX", "2");
    }

    /** Whether a failed run's stderr says an allocation failed, which under a ceiling means the ceiling was hit. */
    static boolean allocationFailed(String stderrTail) {
        return stderrTail != null && ALLOCATION_FAILED.matcher(stderrTail).find();
    }

    /** The ceiling in MiB, for messages. */
    static long mebibytes(long bytes) {
        return bytes >> 20;
    }
}
