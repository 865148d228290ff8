package dev.smidgen.ingest;

import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.ingest.fetch.FetchProgress;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Tells a store that can store a download while it is written ({@link StagedObject#storesEarly}, the S3
 * store) where the download will probably be published, so that the upload runs beside the download
 * instead of after it. The key and MIME type depend on the probe (a default file name takes the
 * probed extension), so once the first {@link #HEAD_BYTES} are on disk they are probed, on a thread of
 * their own while the download goes on: the format, and with it the extension and type, is in the
 * first bytes of nearly every file. The probe of the whole file still runs and decides; a guess it
 * contradicts, or a head that does not probe (an MP4 with its index at the end), only loses the early
 * upload, which the store then aborts.
 */
final class EarlyPlacement implements FetchProgress {
    private static final Logger LOG = Logger.getLogger(EarlyPlacement.class);
    /** Enough for ffprobe to see the format and streams of files that keep their headers in front. */
    static final long HEAD_BYTES = 2L * 1024 * 1024;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService PROBES = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ingest-head-probe-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final StagedObject download;
    private final TaskEntity task;
    private boolean started;

    EarlyPlacement(StagedObject download, TaskEntity task) {
        this.download = download;
        this.task = task;
    }

    @Override
    public void received(long received, long expected) {
        if (started || received < HEAD_BYTES) {
            return;
        }
        started = true;
        if (download.storesEarly(expected)) {
            PROBES.execute(() -> guess(expected));
        }
    }

    private void guess(long expected) {
        Optional<ProbeResult> head = Ffprobe.tryProbe(MediaInput.file(download.file()), task.id + " (first bytes)");
        if (head.isEmpty()) {
            LOG.debugf("%s: stored after the download: its first bytes did not probe", task.id);
            return;
        }
        try {
            String key = IngestPipeline.pathKey(task, head.get().extension());
            LOG.debugf(
                    "%s: storing while downloading, as %s (%s)",
                    task.id, key, head.get().mimeType());
            download.expect(key, head.get().mimeType(), expected);
        } catch (RuntimeException e) {
            // A malformed folder or name in the input: the ingest fails on it later, with its own error.
            LOG.debugf("%s: stored after the download: %s", task.id, e.getMessage());
        }
    }
}
