package dev.smidgen.transcode;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.files.FileStatus;
import dev.smidgen.catalog.media.MediaEntity;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.probe.ProbedFacts;
import dev.smidgen.runtime.TaskAbandoned;
import dev.smidgen.runtime.TaskLeases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database side of a conversion: read what it works on, then record the new source and
 * complete the task in one commit (so a retried task can never add a second source), or fail it.
 */
@ApplicationScoped
public class TranscodeWriter {
    @Inject
    FileRepository files;

    @Inject
    MediaRepository media;

    @Inject
    TaskLeases leases;

    /** The input file and the folder the output joins (its media item's). */
    record Input(FileEntity file, String folder) {}

    /** @throws SmidgenException {@code not_found} when the input or its media item was deleted */
    @Transactional
    public Input input(TaskEntity task, TranscodeJob job) {
        FileEntity file = job.inputFileId() == null
                ? null
                : files.findLive(task.projectId, job.inputFileId()).orElse(null);
        MediaEntity item = task.mediaId == null
                ? null
                : media.findLive(task.projectId, task.mediaId).orElse(null);
        if (file == null || item == null || !FileStatus.READY.equals(file.status)) {
            throw SmidgenException.notFound("The input file or its media item");
        }
        return new Input(file, item.folder);
    }

    /**
     * Adds the converted file to the media item as a source and completes the task. Throws
     * {@link TaskAbandoned}, writing nothing, when another worker owns the task now.
     *
     * @throws SmidgenException {@code not_found} when the media item was deleted meanwhile
     */
    @Transactional
    public FileEntity complete(
            TaskEntity task,
            String owner,
            TranscodeJob job,
            ProbeResult probe,
            Input input,
            String storageKey,
            String sha256) {
        FileEntity file = newSource(task, job, probe.facts(), input, sha256);
        // The type of the format asked for: probing names some containers differently (mov as mp4).
        file.mimeType = job.format().mimeType();
        file.filename = job.filename(task.fileId);
        file.storageKey = storageKey;
        return persistAndComplete(task, owner, file);
    }

    /**
     * Adds a package (every object already stored under {@code prefix}) to the media item and completes the
     * task, as {@link #complete} does for one file: an HLS ladder as a {@code source} reached at its master
     * playlist, a storyboard as a {@code track} reached at its WebVTT (docs/api/storyboards.md). The row has
     * no filename: a package never moves with the item's folder. {@code parts} describes what it holds
     * (the rungs, the sheets).
     */
    @Transactional
    public FileEntity completePackage(
            TaskEntity task,
            String owner,
            TranscodeJob job,
            ProbedFacts facts,
            Input input,
            String object,
            String prefix,
            String entryKey,
            String sha256,
            List<Map<String, Object>> parts) {
        FileEntity file = newSource(task, job, facts, input, sha256);
        file.object = object;
        file.filename = null;
        file.storageKey = entryKey;
        file.packagePrefix = prefix;
        file.renditions = parts;
        return persistAndComplete(task, owner, file);
    }

    /** The new source row of a conversion, before its object's key: the ids fixed at creation, the facts, ready. */
    private FileEntity newSource(TaskEntity task, TranscodeJob job, ProbedFacts facts, Input input, String sha256) {
        if (media.findLive(task.projectId, task.mediaId).isEmpty()) {
            throw SmidgenException.notFound("The media item (deleted while converting)");
        }
        Instant now = Instant.now();
        FileEntity file = new FileEntity();
        file.id = task.fileId;
        file.projectId = task.projectId;
        file.mediaId = task.mediaId;
        file.object = "source";
        file.label = job.label();
        file.original = false;
        file.recordProbe(facts);
        file.folder = input.folder();
        file.checksum = "sha256:" + sha256;
        file.metadata = new LinkedHashMap<>();
        file.status = FileStatus.READY;
        file.created = now;
        file.updated = now;
        return file;
    }

    /** Writes the row and completes the task in the caller's transaction; a lost lease rolls both back. */
    private FileEntity persistAndComplete(TaskEntity task, String owner, FileEntity file) {
        files.persist(file);
        if (!leases.complete(task.id, owner)) {
            throw new TaskAbandoned();
        }
        return file;
    }

    /**
     * Fails an owned task. Returns whether the caller may delete {@code storageKey} (null if nothing
     * was stored): only if the task was still ours and no file row points at the object.
     */
    @Transactional
    public boolean fail(TaskEntity task, String owner, SmidgenException error, String storageKey) {
        if (!leases.fail(task.id, owner, error.code().code(), error.getMessage())) {
            return false;
        }
        // A package's key is its prefix: it is ours to delete unless a row was written for it.
        return storageKey != null && files.count("storageKey = ?1 or packagePrefix = ?1", storageKey) == 0;
    }

    /** Whether no file row points at {@code storageKey} (an object's key or a package's prefix). */
    @Transactional
    public boolean unreferenced(String storageKey) {
        return files.count("storageKey = ?1 or packagePrefix = ?1", storageKey) == 0;
    }
}
