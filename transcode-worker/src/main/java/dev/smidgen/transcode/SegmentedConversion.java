package dev.smidgen.transcode;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.segments.SegmentPiece;
import dev.smidgen.catalog.segments.SegmentTasks;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.transcode.TranscodeResult;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.hls.HlsPackage;
import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.media.transcode.segment.NotSplittable;
import dev.smidgen.media.transcode.segment.SegmentRange;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.runtime.DeferredDeletions;
import dev.smidgen.runtime.TaskAbandoned;
import dev.smidgen.runtime.TaskWorkDir;
import dev.smidgen.runtime.TransientRetries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The parent's side of a split conversion (docs/adr/0013-segment-child-tasks.md). Claimed the first time,
 * it plans the ranges and splits into children in one commit ({@link SegmentTasks#split}); claimed again
 * once its last child completed, it joins the pieces into the staged output, which {@link TranscodePipeline}
 * then probes, publishes and records exactly as the output of a whole conversion. The pieces are deleted
 * once the parent is finished, whichever way.
 */
@ApplicationScoped
public class SegmentedConversion {
    private static final Logger LOG = Logger.getLogger(SegmentedConversion.class);
    /** Audio encodes several times faster than video: its share of a split conversion's progress. */
    private static final double AUDIO_WEIGHT = 0.1;
    /** The extension a split HLS ladder's pieces are named with: each is a directory of files ("v00003.part/"). */
    static final String PART = "part";

    @Inject
    SegmentTasks segments;

    @Inject
    SegmentEngine engine;

    @Inject
    BlobStore blobs;

    @Inject
    DeferredDeletions deletions;

    private SegmentPolicy policy;

    @Inject
    void configure(TranscodeConfig config) {
        policy = SegmentPolicy.of(config.segments());
    }

    /** Whether the parent was split already: it is claimed now for its join. */
    boolean joining(TaskEntity task) {
        return task.segmentOf == null && !segments.children(task.id).isEmpty();
    }

    /**
     * Splits the conversion when it is long enough: plans its ranges on the input's keyframes and commits
     * the children. False when it runs whole instead (too short, not a video, one range only, or an input
     * the planner cannot split). {@code spec} is a progressive output's (its clip bounds the plan), null for
     * an HLS ladder; {@code hasAudio} whether an audio child encodes the input's audio.
     *
     * @throws TaskAbandoned when the task stopped being this owner's before the split committed
     */
    boolean splitIfLong(
            TaskEntity task,
            String owner,
            TranscodeJob job,
            FileEntity file,
            MediaInput source,
            TranscodeSpec spec,
            boolean hasAudio,
            Duration deadline) {
        if (task.segmentOf != null || !policy.splits(job, file.mimeType, file.duration)) {
            return false;
        }
        List<SegmentRange> ranges;
        try {
            ranges = engine.plan(source, spec, file.duration, policy.lengthSeconds(job), deadline, task.id);
        } catch (NotSplittable e) {
            LOG.infof("%s: converted whole: %s", task.id, e.getMessage());
            return false;
        }
        if (ranges.size() < 2) {
            return false;
        }
        List<SegmentPiece> pieces = new ArrayList<>();
        double span = SegmentPolicy.span(job, file.duration);
        double seconds = span / ranges.size();
        for (SegmentRange range : ranges) {
            // Open ends are stored as null: JSON has no infinities.
            pieces.add(SegmentPiece.video(
                    range.index(),
                    finite(range.start()),
                    finite(range.end()),
                    finite(range.decodeFrom()),
                    weight(range, seconds)));
        }
        if (hasAudio) {
            pieces.add(SegmentPiece.audioTrack(AUDIO_WEIGHT * span));
        }
        if (!segments.split(task, owner, pieces)) {
            throw new TaskAbandoned();
        }
        LOG.infof(
                "%s: split %.1f s of video into %d segments of about %.0f s%s; workers encode them as tasks",
                task.id, span, ranges.size(), policy.lengthSeconds(job), hasAudio ? " and one audio track" : "");
        return true;
    }

    /**
     * Joins the stored pieces into {@code output} (copying streams, no re-encode). Each piece is read
     * from the store into the task's directory first: the join reads them several times over.
     */
    TranscodeResult join(
            TaskEntity task,
            TranscodeSpec spec,
            Path output,
            TaskWorkDir workDir,
            Duration deadline,
            TransientRetries retries,
            String owner)
            throws IOException {
        long started = System.nanoTime();
        List<Path> videos = new ArrayList<>();
        Optional<Path> audio = Optional.empty();
        String prefix = SegmentTasks.prefix(task.projectId, task.id);
        Path pieces = Files.createDirectories(workDir.resolve("pieces"));
        for (TaskEntity child : finishedChildren(task)) {
            SegmentPiece piece = child.segmentPiece();
            String name =
                    piece.objectName(piece.encodesAudio() ? engine.audioExtension() : engine.videoExtension(spec));
            Path local = retries.run(task, owner, () -> fetch(prefix + name, pieces.resolve(name)));
            if (piece.encodesAudio()) {
                audio = Optional.of(local);
            } else {
                videos.add(local);
            }
        }
        engine.join(videos, audio, spec, output, deadline, task.id);
        long bytes = Files.size(output);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.infof(
                "%s: joined %d segments%s in %d ms, %d bytes",
                task.id, videos.size(), audio.isPresent() ? " and the audio track" : "", took.toMillis(), bytes);
        return new TranscodeResult(output, bytes, took);
    }

    /**
     * Joins a split HLS ladder into {@code directory}: every range's part and the audio rendition are read
     * from the store into directories of their own (the join moves their files into the package).
     */
    HlsPackage joinHls(
            TaskEntity task, HlsSpec spec, Path directory, TaskWorkDir workDir, TransientRetries retries, String owner)
            throws IOException {
        long started = System.nanoTime();
        String prefix = SegmentTasks.prefix(task.projectId, task.id);
        Path parts = Files.createDirectories(workDir.resolve("parts"));
        List<Path> ranges = new ArrayList<>();
        Optional<Path> audio = Optional.empty();
        for (TaskEntity child : finishedChildren(task)) {
            SegmentPiece piece = child.segmentPiece();
            String name = piece.objectName(PART);
            Path local = Files.createDirectories(parts.resolve(name));
            retries.run(task, owner, () -> {
                fetchAll(prefix + name + "/", local);
                return null;
            });
            if (piece.encodesAudio()) {
                audio = Optional.of(local);
            } else {
                ranges.add(local);
            }
        }
        Files.createDirectories(directory);
        HlsPackage pkg = engine.joinHls(ranges, audio, spec, directory, task.id);
        LOG.infof(
                "%s: joined %d segments of %d rungs%s in %d ms",
                task.id,
                ranges.size(),
                spec.rungs().size(),
                audio.isPresent() ? " and the audio rendition" : "",
                (System.nanoTime() - started) / 1_000_000);
        return pkg;
    }

    /** Copies every object under {@code prefix} into {@code local}, keeping the paths below the prefix. */
    private void fetchAll(String prefix, Path local) {
        List<String> keys;
        try (var listed = blobs.keys(prefix)) {
            keys = listed.toList();
        }
        for (String key : keys) {
            Path file = local.resolve(key.substring(prefix.length()));
            try {
                Files.createDirectories(file.getParent());
                try (InputStream in = blobs.open(key, null, null)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "A segment could not be read.", e);
            }
        }
    }

    /** The parent's children, each completed (the last one's completion released the parent). */
    private List<TaskEntity> finishedChildren(TaskEntity task) {
        List<TaskEntity> children = segments.children(task.id);
        for (TaskEntity child : children) {
            if (child.status != TaskStatus.COMPLETED) {
                // The parent is released only by its last child's completion: this is a broken invariant.
                throw new SmidgenException(
                        ErrorCode.INTERNAL, "A segment of the conversion is not finished: " + child.id);
            }
        }
        return children;
    }

    /** Where the join reads piece {@code key}: its file on the filesystem store, else a copy at {@code local}. */
    private Path fetch(String key, Path local) {
        Optional<Path> stored = blobs.localFile(key);
        if (stored.isPresent()) {
            return stored.get();
        }
        try (InputStream in = blobs.open(key, null, null)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            return local;
        } catch (IOException e) {
            throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, "A segment could not be read.", e);
        }
    }

    /**
     * Deletes the pieces of a split conversion that has finished (completed, failed or cancelled); a task
     * that was never split, or is still going, keeps them.
     */
    void discardPieces(TaskEntity task) {
        if (task.segmentOf == null && segments.finishedSplit(task.id)) {
            deletions.delete(task.id, SegmentTasks.prefix(task.projectId, task.id));
        }
    }

    private static Double finite(double seconds) {
        return Double.isFinite(seconds) ? seconds : null;
    }

    /** A range's seconds of video, its share of the progress; an open-ended range counts as an average one. */
    private static double weight(SegmentRange range, double average) {
        return Double.isFinite(range.start()) && Double.isFinite(range.end())
                ? Math.max(0.001, range.end() - range.start())
                : Math.max(0.001, average);
    }
}
