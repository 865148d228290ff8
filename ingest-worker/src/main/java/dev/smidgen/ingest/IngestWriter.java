package dev.smidgen.ingest;

import dev.smidgen.catalog.UniqueViolation;
import dev.smidgen.catalog.events.EventJournal;
import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.files.FileStatus;
import dev.smidgen.catalog.media.MediaEntity;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.catalog.tasks.ConversionTasks;
import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.media.VisualSummary;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Metadata;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.webhooks.EventTopic;
import dev.smidgen.runtime.TaskAbandoned;
import dev.smidgen.runtime.TaskLeases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The database side of an ingest, in three short transactions around the (long) upload: reserve
 * the path, then record everything and complete the task, or undo the reservation. The upload
 * session of a staged ingest ends in the same commit as its task.
 */
@ApplicationScoped
public class IngestWriter {
    @Inject
    FileRepository files;

    @Inject
    MediaRepository media;

    @Inject
    TaskLeases leases;

    @Inject
    UploadSessionOutcome uploadSessions;

    @Inject
    ConversionTasks conversions;

    @Inject
    EventJournal events;

    /**
     * Where the file goes and whether an older file had to make way for it.
     *
     * @param pathKey    the key {@code {project}/{folder}/{filename}} derived from the path
     * @param storageKey where the object is: the path key, or a staged upload's key, which it keeps
     */
    public record Placement(
            String folder, String filename, String pathKey, String storageKey, Optional<FileEntity> displaced) {
        /**
         * Whether a displaced file's object sits at the path key and so must move to its detached
         * key, so that the path's key never names the old bytes once the path changes hands. An
         * object elsewhere (a staged upload's, an already detached one) stays where it is.
         */
        public boolean movesObjectOf(FileEntity old) {
            return pathKey.equals(old.storageKey);
        }
    }

    /**
     * The file currently holding the path, if any, when the request may displace it; a clash
     * without {@code overwrite} is a conflict. Called before anything is written.
     */
    @Transactional
    public Optional<FileEntity> checkPath(TaskEntity task, String folder, String filename) {
        Optional<FileEntity> holder =
                files.findPathHolder(task.projectId, folder, filename).filter(f -> !f.id.equals(task.fileId));
        IngestInput input = task.ingestInput();
        if (holder.isPresent() && !input.overwrites()) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT,
                    "A file named '" + filename
                            + "' already exists in this folder; send overwrite: true to replace it.",
                    "filename");
        }
        String alias = input.alias();
        if (alias != null
                && media.findLive(task.projectId, alias)
                        .filter(m -> !m.id.equals(task.mediaId))
                        .isPresent()) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT, "A media item with alias '" + alias + "' already exists.", "alias");
        }
        return holder;
    }

    /**
     * Claims the path with a {@code processing} file row (the unique path index settles races
     * between workers). A displaced file loses its path but stays reachable by id; an object it had
     * at the path key was already copied to {@code detachedKey} (see {@link Placement#movesObjectOf}).
     */
    @Transactional
    public void reserve(TaskEntity task, Placement placement) {
        Instant now = Instant.now();
        placement.displaced().ifPresent(old -> {
            FileEntity managed = files.findById(old.id);
            if (placement.movesObjectOf(old)) {
                managed.storageKey = old.detachedKey();
            }
            managed.folder = null;
            managed.filename = null;
            managed.updated = now;
            files.flush(); // free the path before the new row claims it (Hibernate flushes inserts first)
        });
        if (files.findById(task.fileId) != null) {
            return; // a retry of our own task: the reservation is already ours
        }
        IngestInput input = task.ingestInput();
        FileEntity file = new FileEntity();
        file.id = task.fileId;
        file.projectId = task.projectId;
        file.object = "source";
        file.label = Optional.ofNullable(input.label()).orElse("original");
        file.original = true;
        file.folder = placement.folder();
        file.filename = placement.filename();
        file.storageKey = placement.storageKey();
        file.status = FileStatus.PROCESSING;
        file.metadata = Metadata.validate(input.metadata());
        file.created = now;
        file.updated = now;
        try {
            files.persist(file);
            files.flush();
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, "files_path") || UniqueViolation.of(e, "files_storage_key")) {
                throw new SmidgenException(
                        ErrorCode.CONFLICT,
                        "Another file took the name '" + placement.filename() + "' first.",
                        "filename");
            }
            throw e;
        }
    }

    /**
     * Records the probed file and its new media item (journaling {@code media.created}), completes the
     * task (journaling {@code task.completed}) and, for a staged upload, its session, all in one
     * commit. Throws {@link TaskAbandoned}, writing nothing, when another worker owns the task now.
     */
    @Transactional
    public void complete(
            TaskEntity task, String owner, ProbeResult probe, VisualSummary.Summary visual, String sha256) {
        Instant now = Instant.now();
        FileEntity file = files.findById(task.fileId);
        file.mediaId = task.mediaId;
        file.recordProbe(probe.facts());
        file.checksum = "sha256:" + sha256;
        file.status = FileStatus.READY;
        file.updated = now;

        MediaEntity item = media.findById(task.mediaId);
        boolean isNew = item == null;
        if (isNew) {
            item = new MediaEntity();
            item.id = task.mediaId;
            item.projectId = task.projectId;
            item.created = now;
        }
        IngestInput input = task.ingestInput();
        item.title = MediaTitle.of(input.title(), input.originalFilename(), file.filename, file.id);
        item.alias = input.alias();
        item.folder = file.folder;
        item.filename = file.filename;
        item.kind = file.kind;
        item.width = file.width;
        item.height = file.height;
        item.duration = file.duration;
        item.fps = file.fps;
        item.filesize = file.filesize;
        item.placeholder = visual.placeholder();
        item.background = visual.background();
        item.metadata = Metadata.validate(input.metadata());
        item.status = "active";
        item.updated = now;
        if (isNew) {
            media.persist(item);
        }
        try {
            media.flush();
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, "media_alias_live")) {
                throw new SmidgenException(
                        ErrorCode.CONFLICT, "A media item with alias '" + item.alias + "' already exists.", "alias");
            }
            throw e;
        }
        if (isNew) {
            // After the flush, so an alias clash surfaces there. Only a media row this commit creates
            // is news: a retried task that finds its row already there has been journaled before.
            events.record(task.projectId, EventTopic.MEDIA_CREATED, item.id);
        }
        String upload = input.upload();
        if (upload != null) {
            uploadSessions.completed(task, upload, now); // a session that is not this task's is only logged
        }
        if (!leases.complete(task.id, owner)) {
            throw new TaskAbandoned();
        }
        conversions.parentCompleted(task, file);
    }

    /**
     * Fails an owned task, drops its reservation and, for a staged upload, fails its session, in one
     * commit. Returns whether the caller may delete {@code ownedKey}, the object this ingest stored
     * or was handed (null if none): only if the task was still ours, a staged upload's session was
     * this task's, and no file row still points at the object.
     */
    @Transactional
    public boolean fail(TaskEntity task, String owner, SmidgenException error, String ownedKey) {
        if (!leases.fail(task.id, owner, error.code().code(), error.getMessage())) {
            return false;
        }
        conversions.parentFailed(task, error.code().code(), error.getMessage());
        FileEntity reserved = files.findById(task.fileId);
        if (reserved != null && !FileStatus.READY.equals(reserved.status)) {
            files.delete(reserved);
        }
        String upload = uploadOf(task);
        boolean sessionIsOurs = upload == null || uploadSessions.failed(task, upload, error, Instant.now());
        return ownedKey != null && sessionIsOurs && files.count("storageKey", ownedKey) == 0;
    }

    /**
     * Drops the reservation of a task that was cancelled while it ran. Returns whether the caller may
     * delete {@code ownedKey}, the object the run stored: only if the task is cancelled and no file row
     * points at the object.
     */
    @Transactional
    public boolean cancelled(TaskEntity task, String ownedKey) {
        if (leases.cancelled(Set.of(task.id)).isEmpty()) {
            return false;
        }
        FileEntity reserved = task.fileId == null ? null : files.findById(task.fileId);
        if (reserved != null && !FileStatus.READY.equals(reserved.status)) {
            files.delete(reserved);
        }
        return ownedKey != null && files.count("storageKey", ownedKey) == 0;
    }

    /** The upload session the task ingests, or null; an input that does not read names none, and must not stop the failure. */
    private static String uploadOf(TaskEntity task) {
        try {
            return task.ingestInput().upload();
        } catch (SmidgenException e) {
            return null;
        }
    }
}
