package dev.smidgen.ingest;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.ingest.IngestWriter.Placement;
import dev.smidgen.ingest.fetch.FetchProgress;
import dev.smidgen.ingest.fetch.FetchResult;
import dev.smidgen.ingest.fetch.IngestSource;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.VisualSummary;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.model.uploads.UploadConditions;
import dev.smidgen.runtime.DeferredDeletions;
import dev.smidgen.runtime.LeaseHeartbeat;
import dev.smidgen.runtime.TaskAbandoned;
import dev.smidgen.runtime.TaskLeases;
import dev.smidgen.runtime.TaskPipeline;
import dev.smidgen.runtime.TaskStaging;
import dev.smidgen.runtime.TaskWorkerConfig;
import dev.smidgen.runtime.TransientRetries;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One ingest, start to end, for a task this worker has claimed: bring the source where it can be probed
 * (a URL straight into the store's staged file for it, an upload staged in storage stays where it is),
 * probe it, check its conditions, reserve its path, publish the download under the path's key (a rename
 * on the filesystem store, an upload to S3), record File + Media and complete the task. Every byte of a
 * URL is written once, and an upload's not at all. Every failure ends the task with a stable code and
 * leaves neither object, staged file nor row behind.
 */
@ApplicationScoped
public class IngestPipeline implements TaskPipeline {
    private static final Logger LOG = Logger.getLogger(IngestPipeline.class);
    private static final double DOWNLOAD_SHARE = 0.9;
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * How long a presigned URL of a staged upload stays valid: one probe step (ffprobe, or the frame
     * grabs of the visual summary, each a minute at most) with room to spare. Each step asks for its own.
     */
    private static final Duration READ_LOCATION_VALIDITY = Duration.ofMinutes(10);

    @Inject
    IngestConfig config;

    @Inject
    IngestWriter writer;

    @Inject
    TaskLeases leases;

    @Inject
    BlobStore blobs;

    @Inject
    DeferredDeletions deletions;

    @Inject
    IngestMetrics metrics;

    @Inject
    SourceReading reading;

    private TransientRetries retries;

    @PostConstruct
    void init() {
        retries = new TransientRetries(leases, config.maxAttempts(), config.retryBackoff());
    }

    @Override
    public TaskWorkerConfig config() {
        return config;
    }

    /** Runs the ingest; the heartbeat tells whether the task is still ours. */
    @Override
    public void run(TaskEntity task, String owner, LeaseHeartbeat heartbeat) {
        long started = System.nanoTime();
        // The object this ingest must remove if it fails: a staged upload's from the start (the
        // client's bytes may not outlive a failed ingest), a URL's once it is stored.
        String ownedKey = null;
        // A URL's download, until it is published; discarded on every other way out.
        StagedObject download = null;
        try {
            IngestInput input = task.ingestInput();
            IngestSource source = IngestSource.of(task.projectId, input);
            ownedKey = source.storedKey().orElse(null);
            UploadConditions conditions = UploadConditions.parse(input.conditions()); // malformed: fail before fetching
            if (source.storedKey().isEmpty()) {
                download = TaskStaging.stage(blobs, "ingest", task, "");
            }
            Path downloaded = download == null ? null : download.file();
            FetchResult fetched = fetchWithRetries(task, owner, source, download);
            long fetchedAt = System.nanoTime();
            ProbeResult probe = retries.run(
                    task,
                    owner,
                    () -> Ffprobe.probe(mediaOf(source, downloaded, fetched.size()), task.id, reading.pictureLimits()),
                    IngestPipeline::isStorageFailure);
            ConditionCheck.require(conditions, probe, fetched.size());
            VisualSummary.Summary visual = retries.run(
                    task,
                    owner, // NONE for audio
                    () -> VisualSummary.of(mediaOf(source, downloaded, fetched.size()), probe, task.id),
                    IngestPipeline::isStorageFailure);
            long probedAt = System.nanoTime();
            Placement placement = place(task, probe, source);
            stopIfLost(heartbeat);
            placement
                    .displaced()
                    .filter(placement::movesObjectOf)
                    .ifPresent(old -> blobs.copy(old.storageKey, old.detachedKey()));
            writer.reserve(task, placement);
            long storeStarted = System.nanoTime();
            if (download != null) {
                ownedKey = placement.storageKey();
                StagedObject staged = download;
                // Publishing keeps the staged file until it succeeds, so a storage outage here is retried
                // like one during the download, instead of failing a task whose bytes are all on disk.
                retries.run(
                        task,
                        owner,
                        () -> {
                            staged.publish(placement.storageKey(), probe.mimeType());
                            return null;
                        },
                        IngestPipeline::isStorageFailure);
            }
            long storedAt = System.nanoTime();
            stopIfLost(heartbeat);
            writer.complete(task, owner, probe, visual, fetched.sha256());
            long recordedAt = System.nanoTime();
            metrics.completed(
                    Duration.ofNanos(recordedAt - started),
                    fetched.size(),
                    probe.kind().wire());
            // queued: from the task's creation (the API's commit) to this worker's first claim of it.
            LOG.infof(
                    "%s: ingested %s (%s, %d bytes) as %s in %d ms (queued %d, fetch %d, probe %d, place %d, store %d, record %d)",
                    task.id,
                    source.describe(),
                    probe.mimeType(),
                    fetched.size(),
                    placement.storageKey(),
                    millis(started, recordedAt),
                    queuedMillis(task),
                    millis(started, fetchedAt),
                    millis(fetchedAt, probedAt),
                    millis(probedAt, storeStarted),
                    millis(storeStarted, storedAt),
                    millis(storedAt, recordedAt));
        } catch (TaskAbandoned e) {
            if (stoppedByCancel(task, heartbeat, download, ownedKey)) {
                return;
            }
            // A staged upload's object stays: the next worker needs its bytes to try again. A download
            // goes (below): the next worker fetches the URL again.
            LOG.warnf("%s: abandoned (lease lost or shutting down); another worker will finish it", task.id);
        } catch (SmidgenException e) {
            if (stoppedByCancel(task, heartbeat, download, ownedKey)) {
                return;
            }
            discard(download);
            failAndClean(task, owner, e, ownedKey);
            metrics.failed(
                    Duration.ofNanos(System.nanoTime() - started), e.code().code());
        } catch (RuntimeException e) {
            if (stoppedByCancel(task, heartbeat, download, ownedKey)) {
                return;
            }
            LOG.errorf(e, "%s: ingest failed unexpectedly", task.id);
            discard(download);
            failAndClean(
                    task, owner, new SmidgenException(ErrorCode.INTERNAL, "The ingest failed unexpectedly."), ownedKey);
            metrics.failed(Duration.ofNanos(System.nanoTime() - started), ErrorCode.INTERNAL.code());
        } finally {
            discard(download); // nothing left to do once it was published or discarded
        }
    }

    /**
     * Whether the task was cancelled while it ran; if so, logs it and removes what the run left: its
     * download, its reserved file row and the object it stored, which no worker will finish. A staged
     * upload's object stays with its session.
     */
    private boolean stoppedByCancel(TaskEntity task, LeaseHeartbeat heartbeat, StagedObject download, String ownedKey) {
        if (!heartbeat.cancelled()) {
            return false;
        }
        LOG.infof("%s: cancelled; stopped without writing", task.id);
        // The cancel's interrupt has done its work (FFmpeg or the download ended); the clean-up's queries
        // and deletions must not be cut short by it.
        Thread.interrupted();
        discard(download);
        if (writer.cancelled(task, ownedKey) && download != null && ownedKey != null) {
            deletions.delete(task.id, ownedKey);
        }
        return true;
    }

    /** Before a failure is recorded, so that a finished task never leaves its download behind. */
    private static void discard(StagedObject download) {
        if (download != null) {
            download.discard();
        }
    }

    /**
     * Fails a claimed task without running it (workers keep dying on it), cleaning up as any failed
     * ingest does: its reservation, its upload session and a staged upload's object.
     */
    @Override
    public void giveUp(TaskEntity task, String owner, SmidgenException error) {
        String stagedKey;
        try {
            stagedKey = IngestSource.of(task.projectId, task.ingestInput())
                    .storedKey()
                    .orElse(null);
        } catch (SmidgenException e) {
            stagedKey = null; // an input naming no valid staged object names nothing to delete
        }
        failAndClean(task, owner, error, stagedKey);
    }

    private FetchResult fetchWithRetries(TaskEntity task, String owner, IngestSource source, StagedObject download) {
        FetchProgress progress = downloadProgress(task.id, owner);
        if (download == null) {
            return retries.run(task, owner, () -> source.fetch(reading.reader(), null, progress));
        }
        return retries.run(task, owner, () -> {
            download.written(
                    0); // each try writes the file anew: what the store did with an earlier one's bytes is void
            return source.fetch(
                    reading.reader(), download.file(), storing(download, task).andThen(progress));
        });
    }

    /**
     * Tells the store each byte that is on disk, so that it starts storing while the download goes on:
     * the filesystem store writes it to disk, the S3 store uploads it once it knows the likely key
     * ({@link EarlyPlacement}).
     */
    private static FetchProgress storing(StagedObject download, TaskEntity task) {
        FetchProgress written = (received, expected) -> download.written(received);
        return written.andThen(new EarlyPlacement(download, task));
    }

    /**
     * What FFmpeg reads: the download, or the staged upload where it is, as a file on the filesystem
     * store or a presigned URL of S3 (asked for anew by each try, so a retry never holds an expired one).
     */
    private MediaInput mediaOf(IngestSource source, Path downloaded, long size) {
        if (downloaded != null) {
            return MediaInput.file(downloaded);
        }
        String key = source.storedKey().orElseThrow();
        return blobs.localFile(key)
                .map(MediaInput::file)
                .orElseGet(() -> MediaInput.storeUrl(blobs.readLocation(key, READ_LOCATION_VALIDITY), size));
    }

    /** Reading from storage failed (a blip, an expired URL): another try may succeed, unlike a probe that timed out. */
    private static boolean isStorageFailure(SmidgenException e) {
        return e.code() == ErrorCode.UNAVAILABLE;
    }

    /**
     * The download (or the hashing of a staged upload) is most of an ingest's time, so it drives
     * {@code progress} up to 0.9; the row is written at most once a second. Sources without a known
     * length report nothing until done.
     */
    private FetchProgress downloadProgress(String taskId, String owner) {
        long[] lastWrite = {System.nanoTime()};
        return (received, expected) -> {
            // A blocking socket read ignores interrupts: a cancel (or shutdown) ends the download here,
            // at its next chunk, instead of after the whole source.
            if (Thread.currentThread().isInterrupted()) {
                throw new TaskAbandoned();
            }
            long now = System.nanoTime();
            if (expected > 0 && now - lastWrite[0] >= PROGRESS_INTERVAL_NANOS) {
                lastWrite[0] = now;
                leases.progress(taskId, owner, DOWNLOAD_SHARE * received / expected);
            }
        };
    }

    /** The path rules are the same for every source; only where the object lives differs. */
    private Placement place(TaskEntity task, ProbeResult probe, IngestSource source) {
        String folder = StoragePaths.folder(task.ingestInput().folder());
        String filename = filename(task, probe.extension());
        Optional<FileEntity> displaced = writer.checkPath(task, folder, filename);
        String pathKey = StoragePaths.storageKey(task.projectId, folder, filename);
        return new Placement(folder, filename, pathKey, source.storedKey().orElse(pathKey), displaced);
    }

    /** The key of the file's path when the probe gives {@code extension}: its folder and name, or {@code {file id}.{extension}}. */
    static String pathKey(TaskEntity task, String extension) {
        return StoragePaths.storageKey(
                task.projectId, StoragePaths.folder(task.ingestInput().folder()), filename(task, extension));
    }

    private static String filename(TaskEntity task, String extension) {
        return Optional.ofNullable(StoragePaths.filename(task.ingestInput().filename()))
                .orElse(task.fileId + "." + extension);
    }

    private void failAndClean(TaskEntity task, String owner, SmidgenException error, String ownedKey) {
        LOG.infof("%s: failed with %s: %s", task.id, error.code().code(), error.getMessage());
        if (writer.fail(task, owner, error, ownedKey)) {
            deletions.delete(task.id, ownedKey);
        }
    }

    private static long queuedMillis(TaskEntity task) {
        return task.created == null || task.started == null
                ? -1
                : Duration.between(task.created, task.started).toMillis();
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    private static void stopIfLost(LeaseHeartbeat heartbeat) {
        if (heartbeat.lost()) {
            throw new TaskAbandoned();
        }
    }
}
