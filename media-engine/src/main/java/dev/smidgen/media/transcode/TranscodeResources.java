package dev.smidgen.media.transcode;

/**
 * What one conversion's FFmpeg may use of the machine: its threads, so that the tasks of a worker share
 * the cores instead of each starting one thread per core, and its memory ceiling
 * ({@link dev.smidgen.media.process.MemoryCeiling}).
 *
 * @param threads          encoder and filter threads ({@code -threads}, {@code -filter_threads}); 0 leaves
 *                         FFmpeg's default of about one per core
 * @param memoryLimitBytes virtual memory ceiling of the FFmpeg process; 0 for none
 */
public record TranscodeResources(int threads, long memoryLimitBytes) {
    /**
     * The workers' default ceiling, 3 GiB of address space (measured with {@code MALLOC_ARENA_MAX=2}): a
     * 1080p H.264 or VP9 encode with 8 threads reserves 0.6 to 0.8 GiB, a 4K one 1.6 (VP9) to 2.1 GiB
     * (H.264), while an 8000x8000 VP9 encode, 6.7 GB resident without a limit, fails within seconds.
     * x264 reserves about 100 MiB more per thread, hence {@link #DEFAULT_MAX_THREADS}.
     */
    public static final long DEFAULT_MEMORY_LIMIT_BYTES = 3L << 30;
    /** Most threads a run gets by default: x264 and libvpx gain little past 8, and each costs memory. */
    public static final int DEFAULT_MAX_THREADS = 8;

    /** No bounds: FFmpeg's own thread count, no ceiling. */
    public static final TranscodeResources UNBOUNDED = new TranscodeResources(0, 0);

    public TranscodeResources {
        if (threads < 0 || memoryLimitBytes < 0) {
            throw new IllegalArgumentException("threads and memory limit must not be negative");
        }
    }
}
