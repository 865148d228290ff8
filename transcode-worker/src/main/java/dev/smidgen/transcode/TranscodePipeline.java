package dev.smidgen.transcode;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.decode.AnimatedWebpInput;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.process.MemoryCeiling;
import dev.smidgen.media.process.ProgressListener;
import dev.smidgen.media.transcode.OutputProbe;
import dev.smidgen.media.transcode.TranscodeResult;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.Transcoder;
import dev.smidgen.media.transcode.hls.HlsPackage;
import dev.smidgen.media.transcode.hls.HlsPackager;
import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.media.transcode.storyboard.Storyboard;
import dev.smidgen.media.transcode.storyboard.StoryboardSpec;
import dev.smidgen.media.transcode.storyboard.Storyboarder;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.StoryboardOptions;
import dev.smidgen.model.probe.ProbedFacts;
import dev.smidgen.runtime.DeferredDeletions;
import dev.smidgen.runtime.LeaseHeartbeat;
import dev.smidgen.runtime.TaskAbandoned;
import dev.smidgen.runtime.TaskLeases;
import dev.smidgen.runtime.TaskPipeline;
import dev.smidgen.runtime.TaskStaging;
import dev.smidgen.runtime.TaskWorkDir;
import dev.smidgen.runtime.TaskWorkerConfig;
import dev.smidgen.runtime.TransientRetries;
import dev.smidgen.transcode.TranscodeWriter.Input;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One conversion, start to end, for a task this worker has claimed: FFmpeg reads the input where it is
 * (its file on the filesystem store, a presigned URL on S3) and writes the output straight into the
 * store's staged file for it, with progress into the task row; the output is probed and published
 * under a key fixed by the task (a retry overwrites, never adds) and recorded as a source of the media
 * item while completing the task. Input and output bytes are each written once. Every failure ends the
 * task with a stable code and removes what it stored; the staged file and the task's directory (FFmpeg's
 * working directory) go in every case.
 */
@ApplicationScoped
public class TranscodePipeline implements TaskPipeline {
    private static final Logger LOG = Logger.getLogger(TranscodePipeline.class);
    /** FFmpeg is nearly all of a conversion's time; finding the input, probing and storing share the rest. */
    private static final double FFMPEG_SHARE = 0.95;
    /** A presigned input URL outlives the FFmpeg run by this much (a seek near the end is a request of its own). */
    private static final Duration READ_LOCATION_MARGIN = Duration.ofMinutes(10);
    /** The longest a SigV4 presigned URL may be valid. */
    private static final Duration MAX_READ_LOCATION_VALIDITY = Duration.ofDays(7);

    @Inject
    TranscodeConfig config;

    @Inject
    TranscodeWriter writer;

    @Inject
    TaskLeases leases;

    @Inject
    BlobStore blobs;

    @Inject
    DeferredDeletions deletions;

    @Inject
    TranscodeMetrics metrics;

    @Inject
    SegmentedConversion segmented;

    /** Tasks this worker runs at once: their FFmpeg runs share the cores. */
    @ConfigProperty(name = "smallrye.messaging.worker.transcode.max-concurrency", defaultValue = "1")
    int concurrency;

    private TranscodeBudget budget;
    private Transcoder transcoder;
    private HlsPackager packager;
    private Storyboarder storyboarder;
    /** Publishing of finished outputs, one per running conversion. */
    private final ExecutorService storing = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "transcode-store");
        t.setDaemon(true);
        return t;
    });

    @PostConstruct
    void init() {
        budget = TranscodeBudget.of(config, concurrency, Runtime.getRuntime().availableProcessors());
        transcoder = new Transcoder(FfmpegRunner.shared(), budget.resources());
        packager = new HlsPackager(FfmpegRunner.shared(), budget.resources());
        storyboarder = new Storyboarder(FfmpegRunner.shared(), budget.resources());
        LOG.infof(
                "FFmpeg runs with %d threads and a memory ceiling of %s (%d tasks at once)",
                budget.resources().threads(),
                budget.resources().memoryLimitBytes() == 0
                        ? "none"
                        : (budget.resources().memoryLimitBytes() >> 20) + " MiB"
                                + (MemoryCeiling.supported() ? "" : " (not enforced on this OS)"),
                concurrency);
    }

    /** Runs the conversion; the heartbeat tells whether the task is still ours. */
    @Override
    public void run(TaskEntity task, String owner, LeaseHeartbeat heartbeat) {
        long started = System.nanoTime();
        TaskWorkDir workDir = TaskWorkDir.create(config.workDir(), task.id);
        String storedKey = null;
        TranscodeJob job = null;
        StagedObject output = null;
        try {
            job = TranscodeJob.of(task);
            Input input = writer.input(task, job);
            FileEntity file = input.file();
            // Checked at ingest and request time too; a file or task stored before those checks is held here.
            budget.inputs().check(file.width, file.height, file.frames);
            ConversionCheck.requireWithinMaxSide(new ConversionCheck.OutputSize(job.width(), job.height()));
            // Nothing is copied: "fetch" is finding out where FFmpeg reads the input from.
            MediaInput source = retries().run(task, owner, () -> mediaOf(file));
            long inputBytes = source.size();
            long fetchedAt = System.nanoTime();
            if (job.isStoryboard()) {
                // As for a package: anything under the prefix is this task's, and a failure removes it.
                storedKey = Storyboards.prefix(task.projectId, task.fileId);
                makeStoryboard(task, owner, heartbeat, job, input, source, workDir, started, fetchedAt, inputBytes);
                return;
            }
            if (job.format().isPackage()) {
                // Anything under the prefix is this task's (a retry's leftovers included): a failure removes it.
                storedKey = HlsPackages.prefix(task.projectId, task.fileId);
                convertToPackage(task, owner, heartbeat, job, input, source, workDir, started, fetchedAt, inputBytes);
                return;
            }
            TranscodeSpec spec = job.spec(file.hasAudio);
            // A long video is split into segment children the first time; claimed again, it joins them.
            boolean joining = segmented.joining(task);
            if (!joining
                    && segmented.splitIfLong(
                            task, owner, job, file, source, spec, spec.hasAudio(), budget.deadline(file.duration))) {
                return;
            }
            output = TaskStaging.stage(
                    blobs, "transcode", task, "." + job.format().extension());
            TranscodeResult result = joining
                    ? segmented.join(
                            task, spec, output.file(), workDir, budget.deadline(file.duration), retries(), owner)
                    : convert(task, owner, file, source, output.file(), workDir, spec);
            long transcodedAt = System.nanoTime();
            String key = StoragePaths.storageKey(task.projectId, input.folder(), job.filename(task.fileId));
            ProbeResult probe = OutputProbe.probe(result.output(), spec, file.duration, task.id);
            stopIfLost(heartbeat);
            storedKey = key;
            String sha256 =
                    publishAndHash(task, owner, output, key, job.format().mimeType());
            stopIfLost(heartbeat);
            writer.complete(task, owner, job, probe, input, key, sha256);
            segmented.discardPieces(task);
            metrics.completed(job, Duration.ofNanos(System.nanoTime() - started), inputBytes, probe.filesize());
            LOG.infof(
                    "%s: converted %s to %s %s (%d bytes) as %s in %d ms (fetch %d, ffmpeg %d, store %d)",
                    task.id,
                    file.id,
                    job.format().wire(),
                    describe(probe),
                    probe.filesize(),
                    key,
                    millis(started, System.nanoTime()),
                    millis(started, fetchedAt),
                    millis(fetchedAt, transcodedAt),
                    millis(transcodedAt, System.nanoTime()));
        } catch (TaskAbandoned e) {
            if (stoppedByCancel(task, heartbeat, storedKey)) {
                return;
            }
            // A stored object stays: the worker that owns the task now writes the same key.
            LOG.warnf("%s: abandoned (lease lost or shutting down); another worker will finish it", task.id);
        } catch (FfmpegFailure e) {
            if (stoppedByCancel(task, heartbeat, storedKey)) {
                return;
            }
            if (e.reason() == FfmpegFailure.Reason.INTERRUPTED
                    || Thread.currentThread().isInterrupted()) {
                LOG.warnf("%s: FFmpeg stopped for shutdown; the task was given back", task.id);
                return;
            }
            // The runner has logged the command and its stderr tail; the failure's message is client-safe.
            // Only the storage's failures were retried: a timeout would only time out again.
            discard(output);
            failAndClean(task, owner, job, e, storedKey, started);
        } catch (SmidgenException e) {
            if (stoppedByCancel(task, heartbeat, storedKey)) {
                return;
            }
            discard(output);
            failAndClean(task, owner, job, e, storedKey, started);
        } catch (IOException | RuntimeException e) {
            if (stoppedByCancel(task, heartbeat, storedKey)) {
                return;
            }
            LOG.errorf(e, "%s: conversion failed unexpectedly", task.id);
            discard(output);
            failAndClean(
                    task,
                    owner,
                    job,
                    new SmidgenException(ErrorCode.INTERNAL, "The conversion failed unexpectedly."),
                    storedKey,
                    started);
        } finally {
            discard(output); // nothing left to do once it was published or discarded
            workDir.close();
        }
    }

    /**
     * An adaptive video: one FFmpeg run makes the whole ladder in the work directory (progress over the
     * whole run), then every object is stored under the package's prefix, the master playlist last, and
     * the source row (pointing at the master playlist, describing the rungs) completes the task.
     */
    private void convertToPackage(
            TaskEntity task,
            String owner,
            LeaseHeartbeat heartbeat,
            TranscodeJob job,
            Input input,
            MediaInput first,
            TaskWorkDir workDir,
            long started,
            long fetchedAt,
            long inputBytes)
            throws IOException {
        FileEntity file = input.file();
        // A row stored before the fact was recorded is probed: the package's audio group must match the input.
        boolean hasAudio = HlsPackages.hasAudio(file, first, task.id);
        HlsSpec spec = HlsPackages.spec(job, file, hasAudio);
        // A long video is split into segment children the first time; claimed again, it joins them.
        boolean joining = segmented.joining(task);
        if (!joining
                && segmented.splitIfLong(
                        task, owner, job, file, first, null, hasAudio, budget.deadline(file.duration))) {
            return;
        }
        Path directory = workDir.resolve("hls");
        AtomicReference<MediaInput> unused = new AtomicReference<>(first);
        HlsPackage pkg = joining
                ? segmented.joinHls(task, spec, directory, workDir, retries(), owner)
                : retries()
                        .run(
                                task,
                                owner,
                                () -> {
                                    MediaInput source = unused.getAndSet(null);
                                    recreate(directory);
                                    return packager.run(
                                            source != null ? source : mediaOf(file),
                                            directory,
                                            spec,
                                            file.duration,
                                            budget.deadline(file.duration),
                                            progress(task.id, owner),
                                            task.id);
                                },
                                e -> e.code() == ErrorCode.UNAVAILABLE);
        long transcodedAt = System.nanoTime();
        stopIfLost(heartbeat);
        String prefix = HlsPackages.prefix(task.projectId, task.fileId);
        String sha256 = publish(
                task, owner, directory, prefix, HlsPackages.publishingOrder(pkg.files()), HlsPackages::mimeType);
        stopIfLost(heartbeat);
        ProbedFacts facts = HlsPackages.facts(pkg, hasAudio, file.duration, file.fps);
        writer.completePackage(
                task,
                owner,
                job,
                facts,
                input,
                "source",
                prefix,
                prefix + HlsSpec.MASTER,
                sha256,
                HlsPackages.describe(pkg));
        segmented.discardPieces(task);
        metrics.completed(job, Duration.ofNanos(System.nanoTime() - started), inputBytes, pkg.bytes());
        LOG.infof(
                "%s: packaged %s as HLS (%d rungs, %d objects, %d bytes) under %s in %d ms (fetch %d, ffmpeg %d, store %d)",
                task.id,
                file.id,
                spec.rungs().size(),
                pkg.files().size(),
                pkg.bytes(),
                prefix,
                millis(started, System.nanoTime()),
                millis(started, fetchedAt),
                millis(fetchedAt, transcodedAt),
                millis(transcodedAt, System.nanoTime()));
    }

    /**
     * A storyboard track (docs/api/storyboards.md): one FFmpeg run makes every sheet in the work directory
     * and Java writes the WebVTT beside them; the sheets are stored under the track's prefix, the WebVTT
     * last (so it never names a missing sheet), and the track row completes the task.
     */
    private void makeStoryboard(
            TaskEntity task,
            String owner,
            LeaseHeartbeat heartbeat,
            TranscodeJob job,
            Input input,
            MediaInput first,
            TaskWorkDir workDir,
            long started,
            long fetchedAt,
            long inputBytes)
            throws IOException {
        FileEntity file = input.file();
        if (file.duration == null || file.duration <= 0 || job.width() == null || job.height() == null) {
            // Checked at request time; a row that lost its facts since cannot be laid out.
            throw new SmidgenException(
                    ErrorCode.CONVERSION_NOT_ALLOWED,
                    "Thumbnails are made from a video with a duration and a picture.");
        }
        StoryboardOptions asked = job.storyboard();
        StoryboardSpec spec = new StoryboardSpec(
                job.format(),
                asked.interval() != null ? asked.interval() : StoryboardOptions.defaultInterval(file.duration),
                file.duration,
                job.width(),
                job.height(),
                asked.columns() != null ? asked.columns() : StoryboardOptions.DEFAULT_GRID,
                asked.rows() != null ? asked.rows() : StoryboardOptions.DEFAULT_GRID,
                job.quality());
        Path directory = workDir.resolve("thumbnails");
        AtomicReference<MediaInput> unused = new AtomicReference<>(first);
        Storyboard board = retries()
                .run(
                        task,
                        owner,
                        () -> {
                            MediaInput source = unused.getAndSet(null);
                            recreate(directory);
                            return storyboarder.run(
                                    source != null ? source : mediaOf(file),
                                    directory,
                                    spec,
                                    budget.deadline(file.duration),
                                    progress(task.id, owner),
                                    task.id);
                        },
                        e -> e.code() == ErrorCode.UNAVAILABLE);
        long transcodedAt = System.nanoTime();
        stopIfLost(heartbeat);
        String prefix = Storyboards.prefix(task.projectId, task.fileId);
        // The sheets in order, the WebVTT last.
        String sha256 =
                publish(task, owner, directory, prefix, board.files(), name -> Storyboards.mimeType(name, spec));
        stopIfLost(heartbeat);
        writer.completePackage(
                task,
                owner,
                job,
                Storyboards.facts(board),
                input,
                "track",
                prefix,
                prefix + StoryboardSpec.VTT,
                sha256,
                Storyboards.describe(board));
        metrics.completed(job, Duration.ofNanos(System.nanoTime() - started), inputBytes, board.bytes());
        LOG.infof(
                "%s: made the storyboard of %s (%d thumbnails, %d sheets, %d bytes) under %s in %d ms (fetch %d, ffmpeg %d, store %d)",
                task.id,
                file.id,
                spec.tiles(),
                board.sheets().size(),
                board.bytes(),
                prefix,
                millis(started, System.nanoTime()),
                millis(started, fetchedAt),
                millis(fetchedAt, transcodedAt),
                millis(transcodedAt, System.nanoTime()));
    }

    /**
     * Stores the files of a package made in {@code directory} under {@code prefix}, in the order given
     * (its entry point last, so that it never names a missing object), retrying storage failures in
     * place; returns the sha256 of the entry point, the package's checksum.
     */
    private String publish(
            TaskEntity task,
            String owner,
            Path directory,
            String prefix,
            List<String> inOrder,
            Function<String, String> mimeType)
            throws IOException {
        for (String name : inOrder) {
            retries().run(task, owner, () -> {
                blobs.put(prefix + name, directory.resolve(name), mimeType.apply(name));
                return null;
            });
        }
        try (InputStream entry = Files.newInputStream(directory.resolve(inOrder.get(inOrder.size() - 1)))) {
            return sha256(entry);
        }
    }

    /** An empty directory at {@code directory}: a retried run starts from nothing. */
    static void recreate(Path directory) {
        try {
            if (Files.exists(directory)) {
                try (var walk = Files.walk(directory)) {
                    for (Path p :
                            walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.INTERNAL, "The package directory is not usable.", e);
        }
    }

    /** The deadline of an FFmpeg run over {@code inputSeconds} of media (a segment's, or the whole input's). */
    Duration deadline(Double inputSeconds) {
        return budget.deadline(inputSeconds);
    }

    /** Before a failure is recorded, so that a finished task never leaves its staged output behind. */
    private static void discard(StagedObject output) {
        if (output != null) {
            output.discard();
        }
    }

    @Override
    public TaskWorkerConfig config() {
        return config;
    }

    /** Fails a claimed task without running it (workers keep dying on it); nothing was stored by this run. */
    @Override
    public void giveUp(TaskEntity task, String owner, SmidgenException error) {
        String key = null;
        try {
            TranscodeJob job = TranscodeJob.of(task);
            Input input = writer.input(task, job);
            key = job.isStoryboard()
                    ? Storyboards.prefix(task.projectId, task.fileId)
                    : job.format().isPackage()
                            ? HlsPackages.prefix(task.projectId, task.fileId)
                            : StoragePaths.storageKey(task.projectId, input.folder(), job.filename(task.fileId));
        } catch (SmidgenException e) {
            // Nothing readable to clean up.
        }
        failAndClean(task, owner, null, error, key, System.nanoTime());
    }

    /**
     * Whether the task was cancelled while it ran; if so, logs it and removes what the run stored (its
     * object or package prefix), which no worker will write again. The writer refused to complete a
     * cancelled row, so no file row points at it.
     */
    private boolean stoppedByCancel(TaskEntity task, LeaseHeartbeat heartbeat, String storedKey) {
        if (!heartbeat.cancelled()) {
            return false;
        }
        LOG.infof("%s: cancelled; stopped without writing", task.id);
        // The cancel's interrupt has done its work (FFmpeg or the download ended); the clean-up's queries
        // and deletions must not be cut short by it.
        Thread.interrupted();
        if (storedKey != null && writer.unreferenced(storedKey)) {
            deletions.delete(task.id, storedKey);
        }
        segmented.discardPieces(task);
        return true;
    }

    private void failAndClean(
            TaskEntity task, String owner, TranscodeJob job, SmidgenException error, String storedKey, long started) {
        LOG.infof("%s: failed with %s: %s", task.id, error.code().code(), error.getMessage());
        metrics.failed(
                job, Duration.ofNanos(System.nanoTime() - started), error.code().code());
        if (writer.fail(task, owner, error, storedKey)) {
            deletions.delete(task.id, storedKey); // a package's prefix (ends with '/') or one object
        }
        segmented.discardPieces(task); // a split conversion's pieces, once it has failed
    }

    /** Transient failures (storage, network) retry in place with a doubling backoff, counted as attempts. */
    TransientRetries retries() {
        return new TransientRetries(leases, config.maxAttempts(), config.retryBackoff());
    }

    /**
     * Where FFmpeg reads the input: its file on the filesystem store, else a presigned URL valid for the
     * longest run FFmpeg may take.
     */
    MediaInput mediaOf(FileEntity file) {
        Optional<Path> local = blobs.localFile(file.storageKey);
        if (local.isPresent()) {
            return MediaInput.file(local.get());
        }
        Duration validFor = config.timeout().plus(READ_LOCATION_MARGIN);
        if (validFor.compareTo(MAX_READ_LOCATION_VALIDITY) > 0) {
            validFor = MAX_READ_LOCATION_VALIDITY;
        }
        String url = blobs.readLocation(file.storageKey, validFor);
        return MediaInput.storeUrl(url, file.filesize != null ? file.filesize : blobs.size(file.storageKey));
    }

    /**
     * Runs FFmpeg from {@code first} into {@code output}. When reading the input from storage fails (the
     * connection broke, the store was down), the run is retried in place with a fresh location; any other
     * failure, a timeout among them, is not.
     */
    private TranscodeResult convert(
            TaskEntity task,
            String owner,
            FileEntity file,
            MediaInput first,
            Path output,
            TaskWorkDir workDir,
            TranscodeSpec spec) {
        AtomicReference<MediaInput> unused = new AtomicReference<>(first);
        return retries()
                .run(
                        task,
                        owner,
                        () -> {
                            MediaInput source = unused.getAndSet(null);
                            // One deadline for the run, decoding an animated WebP included.
                            Duration deadline = budget.deadline(file.duration);
                            long started = System.nanoTime();
                            AnimatedWebpInput.Staged staged =
                                    stage(task, file, source != null ? source : mediaOf(file), spec, workDir, deadline);
                            return transcoder.run(
                                    staged.input(),
                                    output,
                                    workDir.path(),
                                    staged.spec(),
                                    file.duration,
                                    deadline.minusNanos(System.nanoTime() - started),
                                    progress(task.id, owner),
                                    task.id);
                        },
                        e -> e.code() == ErrorCode.UNAVAILABLE);
    }

    /**
     * An animated WebP, which FFmpeg cannot decode, decoded into an animation it can read in the work
     * directory (dev.smidgen.media.decode); any other input as it is.
     */
    private AnimatedWebpInput.Staged stage(
            TaskEntity task,
            FileEntity file,
            MediaInput source,
            TranscodeSpec spec,
            TaskWorkDir workDir,
            Duration deadline) {
        if (!AnimatedWebpInput.mayApply(file.mimeType)) {
            return new AnimatedWebpInput.Staged(source, spec);
        }
        return AnimatedWebpInput.stage(
                source,
                spec,
                workDir.path(),
                deadline,
                budget.resources().memoryLimitBytes(),
                FfmpegRunner.shared(),
                task.id);
    }

    /**
     * Publishes the staged output under {@code key} (retrying storage failures in place) while hashing it.
     * The file is opened before publishing moves it (filesystem) or uploads and removes it (S3): an open
     * file keeps its bytes, so the checksum reads them beside the upload rather than before it.
     */
    private String publishAndHash(TaskEntity task, String owner, StagedObject output, String key, String mimeType)
            throws IOException {
        try (InputStream bytes = Files.newInputStream(output.file())) {
            Future<?> store = storing.submit(() -> retries().run(task, owner, () -> {
                output.publish(key, mimeType);
                return null;
            }));
            String sha256;
            try {
                sha256 = sha256(bytes);
            } catch (IOException | RuntimeException e) {
                awaitQuietly(store); // a failure removes the stored key: not before the upload is over
                throw e;
            }
            await(store);
            return sha256;
        }
    }

    /** FFmpeg reports several times a second; the row is written once per progress interval. */
    ProgressListener progress(String taskId, String owner) {
        long interval = config.progressInterval().toNanos();
        long[] lastWrite = {System.nanoTime()};
        return p -> {
            long now = System.nanoTime();
            if (p.fraction() != null && now - lastWrite[0] >= interval) {
                lastWrite[0] = now;
                leases.progress(taskId, owner, FFMPEG_SHARE * p.fraction());
            }
        };
    }

    private static String describe(ProbeResult probe) {
        return probe.width() == null ? probe.codec() : probe.codec() + " " + probe.width() + "x" + probe.height();
    }

    private static String sha256(InputStream bytes) throws IOException {
        try {
            DigestInputStream in = new DigestInputStream(bytes, MessageDigest.getInstance("SHA-256"));
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Waits for the upload and rethrows its failure as it was raised; an interrupt (shutdown, cancel)
     * gives the task up, once the upload is over: a cancelled run deletes the key it stored, which an
     * upload still going on would write again after the deletion.
     */
    private static void await(Future<?> store) {
        try {
            store.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            while (!store.isDone()) {
                try {
                    store.get();
                } catch (InterruptedException again) {
                    // still waiting for the upload to end
                } catch (ExecutionException failed) {
                    break;
                }
            }
            Thread.currentThread().interrupt();
            throw new TaskAbandoned();
        }
    }

    private static void awaitQuietly(Future<?> store) {
        try {
            await(store);
        } catch (RuntimeException ignored) {
            // the failure being raised already is the one to report
        }
    }

    private static void stopIfLost(LeaseHeartbeat heartbeat) {
        if (heartbeat.lost()) {
            throw new TaskAbandoned();
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
