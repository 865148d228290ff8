package dev.smidgen.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Peak resident memory of processes, sampled from /proc. A name stands for whatever processes its
 * supplier returns at each sample (a service that was killed and restarted has a new pid; a worker's
 * FFmpeg children come and go), and its peak is the largest single RSS seen under it.
 */
final class RssSampler implements AutoCloseable {
    private static final String ONLY = "process";

    private final Map<String, Supplier<List<Long>>> groups;
    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** One process, every 50 ms. */
    RssSampler(long pid) {
        this(Map.of(ONLY, () -> List.of(pid)), Duration.ofMillis(50));
    }

    RssSampler(Map<String, Supplier<List<Long>>> groups, Duration every) {
        this.groups = new LinkedHashMap<>(groups);
        thread = new Thread(
                () -> {
                    while (running) {
                        sample();
                        try {
                            Thread.sleep(every.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The peak of the single process of {@link #RssSampler(long)}. */
    long peakMib() {
        return peakKb.getOrDefault(ONLY, 0L) / 1024;
    }

    /** Every group's peak, in the order the groups were given. */
    Map<String, Long> peaksMib() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        groups.keySet().forEach(name -> peaks.put(name, peakKb.getOrDefault(name, 0L) / 1024));
        return peaks;
    }

    private void sample() {
        groups.forEach((name, pids) -> {
            List<Long> now;
            try {
                now = pids.get();
            } catch (RuntimeException e) {
                return; // the process is between a kill and its restart
            }
            for (long pid : now) {
                long kb = rssKb(pid);
                if (kb > 0) {
                    peakKb.merge(name, kb, Math::max);
                }
            }
        });
    }

    /** VmRSS of a process in KiB, 0 when it is gone. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Exited between listing and reading.
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
