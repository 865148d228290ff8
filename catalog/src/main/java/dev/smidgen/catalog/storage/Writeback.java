package dev.smidgen.catalog.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a file to disk while it is still being written, a step of bytes at a time, on a thread of its
 * own: a staged download of the filesystem store, and the bytes of an upload request. The kernel would
 * otherwise keep a few hundred MiB in memory until the fsync that must follow (before publishing, or
 * before an upload's offset moves), which then waits for the disk to take all of it (a third of a
 * second for 512 MiB here, as long as half the download); flushed as it comes, only the last step is
 * left. It is no durability promise: that fsync still covers the whole file, so a failed flush here
 * is ignored.
 */
public final class Writeback {
    /** Between flushes: big enough that the journal commit of each costs nothing next to it. */
    public static final long STEP = 32L * 1024 * 1024;

    private static final AtomicInteger THREADS = new AtomicInteger();
    // Cached: threads live only while files are written, and each file has at most one flush running.
    private static final ExecutorService FLUSHERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fs-writeback-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final Path file;
    private final long step;
    private long flushedUpTo;
    private int flushes;
    private Future<?> running = CompletableFuture.completedFuture(null);

    /** Flushes {@code file} every {@code step} bytes written (at most one flush at a time). */
    public Writeback(Path file, long step) {
        this.file = file;
        this.step = step;
    }

    /**
     * {@code length} bytes are written (counted from any fixed point: only the growth counts): flushes
     * them once a step has piled up and no flush runs.
     */
    public synchronized void written(long length) {
        if (length < flushedUpTo) {
            flushedUpTo = 0; // the file was started over
        }
        if (length - flushedUpTo >= step && running.isDone()) {
            flushedUpTo = length;
            flushes++;
            running = FLUSHERS.submit(this::flush);
        }
    }

    /** How many flushes were started. */
    public synchronized int flushes() {
        return flushes;
    }

    /** Waits for the flush under way, if any: the file is about to be flushed, published, closed or deleted. */
    public void finish() {
        Future<?> last;
        synchronized (this) {
            last = running;
        }
        boolean interrupted = false;
        while (true) {
            try {
                last.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a flush ends on its own; the caller's fsync must not overtake it
            } catch (ExecutionException e) {
                break; // flush() throws nothing
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // A channel of its own each time: the writer's may be closed, and a file started over is a new one.
    private void flush() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(false);
        } catch (IOException e) {
            // Gone (discarded) or failing: publishing's own fsync reports a disk that fails.
        }
    }
}
