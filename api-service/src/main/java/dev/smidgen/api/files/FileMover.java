package dev.smidgen.api.files;

import dev.smidgen.catalog.UniqueViolation;
import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Renames and moves stored files. Objects are copied to their new keys first, then the rows
 * switch over in one transaction, and only then are the old objects deleted: a failure at any
 * point leaves every file reachable at its old or its new URL, never at neither.
 */
@ApplicationScoped
public class FileMover {
    private static final Logger LOG = Logger.getLogger(FileMover.class);

    @Inject
    FileRepository files;

    @Inject
    BlobStore blobs;

    @Inject
    FileMover self;

    /** One file and the path it should have. */
    public record Move(FileEntity file, String folder, String filename) {
        String key() {
            return StoragePaths.storageKey(file.projectId, folder, filename);
        }

        boolean changesPath() {
            return !key().equals(file.storageKey);
        }
    }

    /**
     * Moves files and, in the same transaction, runs {@code alsoInTransaction} (e.g. the media
     * row's own changes). A path held by another file is a conflict unless {@code overwrite}, which
     * detaches that file (it keeps its bytes and id, without a path).
     */
    public void move(List<Move> moves, boolean overwrite, Runnable alsoInTransaction) {
        List<Move> real = moves.stream().filter(Move::changesPath).toList();
        List<FileEntity> displaced = holdersInTheWay(real, overwrite);
        List<String> oldKeys = real.stream().map(m -> m.file().storageKey).toList();
        List<String> copied = new ArrayList<>();
        try {
            for (FileEntity old : displaced) {
                blobs.copy(old.storageKey, old.detachedKey());
                copied.add(old.detachedKey());
            }
            for (Move m : real) {
                blobs.copy(m.file().storageKey, m.key());
                copied.add(m.key());
            }
            self.switchRows(real, displaced, alsoInTransaction);
        } catch (RuntimeException e) {
            copied.forEach(this::deleteQuietly);
            if (UniqueViolation.of(e, "files_path")) {
                throw new SmidgenException(ErrorCode.CONFLICT, "Another file took that name first.", "filename");
            }
            throw e;
        }
        oldKeys.forEach(this::deleteQuietly);
        displaced.forEach(old -> deleteQuietly(old.storageKey));
    }

    /** Points the rows at their new keys (and detaches displaced files) in one transaction. */
    @Transactional
    void switchRows(List<Move> moves, List<FileEntity> displaced, Runnable alsoInTransaction) {
        Instant now = Instant.now();
        for (FileEntity old : displaced) {
            FileEntity row = files.findById(old.id);
            row.storageKey = old.detachedKey();
            row.folder = null;
            row.filename = null;
            row.updated = now;
        }
        files.flush(); // free the paths before the moved rows claim them (Hibernate flushes in its own order)
        for (Move m : moves) {
            FileEntity row = files.findById(m.file().id);
            row.folder = m.folder();
            row.filename = m.filename();
            row.storageKey = m.key();
            row.updated = now;
        }
        alsoInTransaction.run();
        files.flush();
    }

    private List<FileEntity> holdersInTheWay(List<Move> moves, boolean overwrite) {
        Set<String> movingIds = new HashSet<>();
        Set<String> targets = new HashSet<>();
        moves.forEach(m -> movingIds.add(m.file().id));
        List<FileEntity> inTheWay = new ArrayList<>();
        for (Move m : moves) {
            if (!targets.add(m.key())) {
                throw new SmidgenException(
                        ErrorCode.CONFLICT, "Two files would both be named '" + m.filename() + "'.", "folder");
            }
            files.findPathHolder(m.file().projectId, m.folder(), m.filename())
                    .filter(holder -> !movingIds.contains(holder.id))
                    .ifPresent(holder -> {
                        if (!overwrite) {
                            throw new SmidgenException(
                                    ErrorCode.CONFLICT,
                                    "A file named '" + m.filename()
                                            + "' already exists there; send overwrite: true to replace it.",
                                    "filename");
                        }
                        inTheWay.add(holder);
                    });
        }
        return inTheWay;
    }

    private void deleteQuietly(String key) {
        try {
            blobs.delete(key);
        } catch (RuntimeException e) {
            LOG.warnf("Could not delete object %s (%s); it is no longer referenced", key, e.getMessage());
        }
    }
}
