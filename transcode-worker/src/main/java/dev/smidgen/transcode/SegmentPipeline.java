package dev.smidgen.transcode;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.segments.SegmentPiece;
import dev.smidgen.catalog.segments.SegmentTasks;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.media.transcode.segment.PackagePart;
import dev.smidgen.media.transcode.segment.SegmentRange;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.runtime.DeferredDeletions;
import dev.smidgen.runtime.LeaseHeartbeat;
import dev.smidgen.runtime.TaskAbandoned;
import dev.smidgen.runtime.TaskLeases;
import dev.smidgen.runtime.TaskPipeline;
import dev.smidgen.runtime.TaskWorkDir;
import dev.smidgen.runtime.TaskWorkerConfig;
import dev.smidgen.transcode.TranscodeWriter.Input;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * A segment child of a split conversion (docs/adr/0013-segment-child-tasks.md): encodes its range of the
 * input's video (for an HLS ladder every rung of it, from one decode), or the whole audio track, into the
 * task's directory and stores it under the parent's prefix at a name fixed by the piece (a re-run after a worker died overwrites, never adds). Its completion
 * commit may release the parent for its join ({@link SegmentTasks#childCompleted}); failing for good fails
 * the parent and cancels the other children ({@link SegmentTasks#childFailed}), and then every piece goes.
 * A child that was cancelled removes the piece it stored itself, since it may have finished storing it
 * after the parent's pieces were deleted.
 */
@ApplicationScoped
public class SegmentPipeline implements TaskPipeline {
    private static final Logger LOG = Logger.getLogger(SegmentPipeline.class);

    @Inject
    TranscodePipeline whole;

    @Inject
    SegmentEngine engine;

    @Inject
    TranscodeWriter writer;

    @Inject
    TaskLeases leases;

    @Inject
    BlobStore blobs;

    @Inject
    DeferredDeletions deletions;

    @Inject
    TranscodeConfig config;

    @Override
    public TaskWorkerConfig config() {
        return config;
    }

    @Override
    public void run(TaskEntity task, String owner, LeaseHeartbeat heartbeat) {
        long started = System.nanoTime();
        TaskWorkDir workDir = TaskWorkDir.create(config.workDir(), task.id);
        SegmentPiece piece = task.segmentPiece();
        String storedKey = null;
        try {
            TranscodeJob job = TranscodeJob.of(task);
            Input input = writer.input(task, job);
            FileEntity file = input.file();
            boolean hls = job.format().isPackage();
            TranscodeSpec spec = job.spec(file.hasAudio);
            // A piece of an HLS ladder is a directory of files; of a progressive output, one file.
            String name = piece.objectName(
                    hls
                            ? SegmentedConversion.PART
                            : piece.encodesAudio() ? engine.audioExtension() : engine.videoExtension(spec));
            Path out = workDir.resolve(name);
            AtomicReference<MediaInput> unused =
                    new AtomicReference<>(whole.retries().run(task, owner, () -> whole.mediaOf(file)));
            List<String> files = whole.retries()
                    .run(
                            task,
                            owner,
                            () -> {
                                MediaInput source = unused.getAndSet(null);
                                source = source != null ? source : whole.mediaOf(file);
                                return hls
                                        ? encodeHls(task, owner, piece, source, job, file, out)
                                        : encode(task, owner, piece, source, spec, file, out);
                            },
                            e -> e.code() == ErrorCode.UNAVAILABLE);
            stopIfLost(heartbeat);
            storedKey = SegmentTasks.prefix(task.projectId, task.segmentOf) + name + (hls ? "/" : "");
            long bytes = store(task, owner, out, storedKey, hls, files);
            stopIfLost(heartbeat);
            if (!leases.complete(task.id, owner)) {
                throw new TaskAbandoned();
            }
            LOG.infof(
                    "%s: encoded %s of %s (%d bytes) in %d ms",
                    task.id, describe(piece), task.segmentOf, bytes, (System.nanoTime() - started) / 1_000_000);
        } catch (TaskAbandoned e) {
            if (stoppedByCancel(task, heartbeat, storedKey)) {
                return;
            }
            LOG.warnf("%s: abandoned (lease lost or shutting down); another worker will encode this segment", task.id);
        } catch (FfmpegFailure e) {
            if (stoppedByCancel(task, heartbeat, storedKey)) {
                return;
            }
            if (e.reason() == FfmpegFailure.Reason.INTERRUPTED
                    || Thread.currentThread().isInterrupted()) {
                LOG.warnf("%s: FFmpeg stopped for shutdown; the segment was given back", task.id);
                return;
            }
            fail(task, owner, e);
        } catch (SmidgenException e) {
            if (stoppedByCancel(task, heartbeat, storedKey)) {
                return;
            }
            fail(task, owner, e);
        } catch (IOException | RuntimeException e) {
            if (stoppedByCancel(task, heartbeat, storedKey)) {
                return;
            }
            LOG.errorf(e, "%s: segment failed unexpectedly", task.id);
            fail(task, owner, new SmidgenException(ErrorCode.INTERNAL, "The conversion failed unexpectedly."));
        } finally {
            workDir.close();
        }
    }

    /** Encodes a piece of a progressive output into the file {@code out}; no file list (it is one file). */
    private List<String> encode(
            TaskEntity task,
            String owner,
            SegmentPiece piece,
            MediaInput source,
            TranscodeSpec spec,
            FileEntity file,
            Path out) {
        if (piece.encodesAudio()) {
            engine.encodeAudio(
                    source,
                    spec,
                    file.duration,
                    out,
                    whole.deadline(file.duration),
                    whole.progress(task.id, owner),
                    task.id);
            return List.of();
        }
        engine.encodeVideo(
                source,
                rangeOf(piece),
                spec,
                out,
                whole.deadline(piece.weight()),
                whole.progress(task.id, owner),
                task.id);
        return List.of();
    }

    /**
     * Encodes a piece of an HLS ladder (every rung of a range, or the audio rendition) into the directory
     * {@code out}, emptied first; returns its files, relative to it.
     */
    private List<String> encodeHls(
            TaskEntity task,
            String owner,
            SegmentPiece piece,
            MediaInput source,
            TranscodeJob job,
            FileEntity file,
            Path out) {
        TranscodePipeline.recreate(out);
        HlsSpec spec = HlsPackages.spec(job, file, HlsPackages.hasAudio(file, source, task.id));
        if (piece.encodesAudio()) {
            return engine.encodeAudioHls(
                            source,
                            spec,
                            file.duration,
                            out,
                            whole.deadline(file.duration),
                            whole.progress(task.id, owner),
                            task.id)
                    .map(PackagePart::files)
                    .orElseThrow(() -> new SmidgenException(
                            ErrorCode.INTERNAL, "The audio of the package was split off, but the input has none."));
        }
        return engine.encodeHls(
                        source,
                        rangeOf(piece),
                        spec,
                        out,
                        whole.deadline(piece.weight()),
                        whole.progress(task.id, owner),
                        task.id)
                .files();
    }

    /**
     * Stores the piece at {@code key}: the one file, or every file of an HLS part under the key as a prefix.
     * A re-run writes the same keys. Returns the bytes stored.
     */
    private long store(TaskEntity task, String owner, Path out, String key, boolean hls, List<String> files)
            throws IOException {
        if (!hls) {
            whole.retries().run(task, owner, () -> {
                blobs.put(key, out, "application/octet-stream");
                return null;
            });
            return Files.size(out);
        }
        long bytes = 0;
        for (String name : files) {
            Path file = out.resolve(name);
            whole.retries().run(task, owner, () -> {
                blobs.put(key + name, file, HlsPackages.mimeType(name));
                return null;
            });
            bytes += Files.size(file);
        }
        return bytes;
    }

    private static SegmentRange rangeOf(SegmentPiece piece) {
        return new SegmentRange(
                piece.index(),
                piece.start() != null ? piece.start() : Double.NEGATIVE_INFINITY,
                piece.end() != null ? piece.end() : Double.POSITIVE_INFINITY,
                piece.decodeFrom() != null ? piece.decodeFrom() : Double.NEGATIVE_INFINITY);
    }

    /** Fails the segment, and with it the parent (with this error); every piece of the parent is deleted. */
    private void fail(TaskEntity task, String owner, SmidgenException error) {
        LOG.infof(
                "%s: segment of %s failed with %s: %s",
                task.id, task.segmentOf, error.code().code(), error.getMessage());
        if (leases.fail(task.id, owner, error.code().code(), error.getMessage())) {
            deletions.delete(task.id, SegmentTasks.prefix(task.projectId, task.segmentOf));
        }
    }

    /** Fails a segment that keeps killing workers; its parent fails with it. */
    @Override
    public void giveUp(TaskEntity task, String owner, SmidgenException error) {
        fail(task, owner, error);
    }

    private boolean stoppedByCancel(TaskEntity task, LeaseHeartbeat heartbeat, String storedKey) {
        if (!heartbeat.cancelled()) {
            return false;
        }
        LOG.infof("%s: cancelled with its conversion %s; stopped", task.id, task.segmentOf);
        Thread.interrupted(); // the cancel's interrupt has done its work; the deletion must not be cut short
        if (storedKey != null) {
            deletions.delete(task.id, storedKey);
        }
        return true;
    }

    private static String describe(SegmentPiece piece) {
        return piece.encodesAudio()
                ? "the audio track"
                : String.format(
                        "segment %d (%s to %s)",
                        piece.index(),
                        piece.start() == null ? "the start" : String.format("%.3f s", piece.start()),
                        piece.end() == null ? "the end" : String.format("%.3f s", piece.end()));
    }

    private static void stopIfLost(LeaseHeartbeat heartbeat) {
        if (heartbeat.lost()) {
            throw new TaskAbandoned();
        }
    }
}
