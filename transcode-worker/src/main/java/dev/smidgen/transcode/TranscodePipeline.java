package dev.smidgen.transcode;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.tasks.LeaseHeartbeat;
import dev.smidgen.catalog.tasks.TaskAbandoned;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskLeases;
import dev.smidgen.catalog.tasks.TaskWorkDir;
import dev.smidgen.catalog.tasks.TransientRetries;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.process.ProgressListener;
import dev.smidgen.media.transcode.TranscodeResult;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.Transcoder;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.transcode.TranscodeWriter.Input;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * One conversion, start to end, for a task this worker has claimed: fetch the input object into a
 * directory of the task's own, run FFmpeg with progress into the task row, probe the output, store
 * it under a key fixed by the task (a retry overwrites, never adds), and record it as a source of the
 * media item while completing the task. Every failure ends the task with a stable code, removes what
 * it stored, and the directory goes in every case.
 */
@ApplicationScoped
public class TranscodePipeline {
    private static final Logger LOG = Logger.getLogger(TranscodePipeline.class);
    /** FFmpeg is nearly all of a conversion's time; fetching, probing and storing share the rest. */
    private static final double FFMPEG_SHARE = 0.95;

    @Inject
    TranscodeConfig config;
    @Inject
    TranscodeWriter writer;
    @Inject
    TaskLeases leases;
    @Inject
    BlobStore blobs;
    @Inject
    TranscodeMetrics metrics;

    private final Transcoder transcoder = Transcoder.shared();
    /** Uploads of finished outputs, one per running conversion. */
    private final ExecutorService storing = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "transcode-store");
        t.setDaemon(true);
        return t;
    });

    /** Runs the conversion; the heartbeat tells whether the task is still ours. */
    public void run(TaskEntity task, String owner, LeaseHeartbeat heartbeat) {
        long started = System.nanoTime();
        TaskWorkDir workDir = TaskWorkDir.create(config.workDir(), task.id);
        String storedKey = null;
        TranscodeJob job = null;
        try {
            job = TranscodeJob.of(task);
            Input input = writer.input(task, job);
            Path source = workDir.resolve("input");
            FileEntity file = input.file();
            retries().run(task, owner, () -> fetch(file.storageKey, source));
            long fetchedAt = System.nanoTime();
            TranscodeSpec spec = new TranscodeSpec(job.format(), job.width(), job.height(), job.quality(), job.start(),
                    !Boolean.FALSE.equals(file.hasAudio));
            TranscodeResult result = transcoder.run(source, workDir.path(), spec, file.duration, config.timeout(),
                    progress(task.id, owner), task.id);
            long transcodedAt = System.nanoTime();
            String key = StoragePaths.storageKey(task.projectId, input.folder(), job.filename(task.fileId));
            stopIfLost(heartbeat);
            storedKey = key;
            TranscodeJob converted = job;
            // The upload runs beside the probe and the checksum: all three only read the output.
            Future<?> store = storing.submit(() -> retries().run(task, owner, () -> {
                blobs.put(key, result.output(), converted.format().mimeType());
                return null;
            }));
            ProbeResult probe;
            String sha256;
            try {
                probe = Ffprobe.probe(result.output(), task.id);
                sha256 = sha256(result.output());
            } catch (IOException | RuntimeException e) {
                awaitQuietly(store); // a failure removes the stored key: not before the upload is over
                throw e;
            }
            await(store);
            stopIfLost(heartbeat);
            writer.complete(task, owner, job, probe, input, key, sha256);
            metrics.completed(job.format(), Duration.ofNanos(System.nanoTime() - started), Files.size(source), probe.filesize());
            LOG.infof("%s: converted %s to %s %s (%d bytes) as %s in %d ms (fetch %d, ffmpeg %d, store %d)", task.id, file.id,
                    job.format().wire(), describe(probe), probe.filesize(), key, millis(started, System.nanoTime()),
                    millis(started, fetchedAt), millis(fetchedAt, transcodedAt), millis(transcodedAt, System.nanoTime()));
        } catch (TaskAbandoned e) {
            // The object stays: the worker that owns the task now writes the same key.
            LOG.warnf("%s: abandoned (lease lost or shutting down); another worker will finish it", task.id);
        } catch (FfmpegFailure e) {
            if (e.reason() == FfmpegFailure.Reason.INTERRUPTED || Thread.currentThread().isInterrupted()) {
                LOG.warnf("%s: FFmpeg stopped for shutdown; the task was given back", task.id);
                return;
            }
            // The runner has logged the command and its stderr tail; the failure's message is client-safe.
            // Not retried even when transient (a timeout): the same input would only time out again.
            failAndClean(task, owner, job, e, storedKey, started);
        } catch (SmidgenException e) {
            failAndClean(task, owner, job, e, storedKey, started);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "%s: conversion failed unexpectedly", task.id);
            failAndClean(task, owner, job, new SmidgenException(ErrorCode.INTERNAL, "The conversion failed unexpectedly."), storedKey,
                    started);
        } finally {
            workDir.close();
        }
    }

    /** Fails a claimed task without running it (workers keep dying on it); nothing was stored by this run. */
    public void giveUp(TaskEntity task, String owner, SmidgenException error) {
        String key = null;
        try {
            TranscodeJob job = TranscodeJob.of(task);
            Input input = writer.input(task, job);
            key = StoragePaths.storageKey(task.projectId, input.folder(), job.filename(task.fileId));
        } catch (SmidgenException e) {
            // Nothing readable to clean up.
        }
        failAndClean(task, owner, null, error, key, System.nanoTime());
    }

    private void failAndClean(TaskEntity task, String owner, TranscodeJob job, SmidgenException error, String storedKey, long started) {
        LOG.infof("%s: failed with %s: %s", task.id, error.code().code(), error.getMessage());
        metrics.failed(job == null ? null : job.format(), Duration.ofNanos(System.nanoTime() - started), error.code().code());
        if (writer.fail(task, owner, error, storedKey)) {
            try {
                blobs.delete(storedKey);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s: could not delete %s after the failure; it must be removed by hand", task.id, storedKey);
            }
        }
    }

    /** Transient failures (storage, network) retry in place with a doubling backoff, counted as attempts. */
    private TransientRetries retries() {
        return new TransientRetries(leases, config.maxAttempts(), config.retryBackoff());
    }

    private Path fetch(String key, Path target) {
        try (InputStream in = blobs.open(key, null, null)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "Reading the input from storage failed: " + e.getMessage(), e);
        }
    }

    /** FFmpeg reports several times a second; the row is written once per progress interval. */
    private ProgressListener progress(String taskId, String owner) {
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

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Waits for the upload and rethrows its failure as it was raised; an interrupt (shutdown) gives the task back. */
    private static void await(Future<?> store) {
        try {
            store.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
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
