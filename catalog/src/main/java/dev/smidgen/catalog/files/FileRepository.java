package dev.smidgen.catalog.files;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** File rows. Reads see only live files of the asking project. */
@ApplicationScoped
public class FileRepository implements PanacheRepositoryBase<FileEntity, String> {
    public Optional<FileEntity> findLive(String projectId, String id) {
        return find("projectId = ?1 and id = ?2 and deleted is null", projectId, id)
                .firstResultOptional();
    }

    /**
     * The file holding a path, if any. A soft-deleted file keeps its path until it is purged, so
     * that a restore finds it; only {@code overwrite} takes the path from it.
     */
    public Optional<FileEntity> findPathHolder(String projectId, String folder, String filename) {
        if (folder == null) {
            return find("projectId = ?1 and folder is null and filename = ?2", projectId, filename)
                    .firstResultOptional();
        }
        return find("projectId = ?1 and folder = ?2 and filename = ?3", projectId, folder, filename)
                .firstResultOptional();
    }

    /** The live, ready file at a path of a project (what a delivery URL names). */
    public Optional<FileEntity> findReadyByPath(String projectId, String folder, String filename) {
        return (folder == null
                        ? find(
                                "projectId = ?1 and folder is null and filename = ?2 and deleted is null and status = ?3",
                                projectId,
                                filename,
                                FileStatus.READY)
                        : find(
                                "projectId = ?1 and folder = ?2 and filename = ?3 and deleted is null and status = ?4",
                                projectId,
                                folder,
                                filename,
                                FileStatus.READY))
                .firstResultOptional();
    }

    /** The live, ready file without a path (displaced by an overwrite) stored under an object key. */
    public Optional<FileEntity> findReadyDetached(String storageKey) {
        return find(
                        "storageKey = ?1 and filename is null and deleted is null and status = ?2",
                        storageKey,
                        FileStatus.READY)
                .firstResultOptional();
    }

    /** The live files of several media, for a page of a media list. */
    public List<FileEntity> listOfMedia(List<String> mediaIds) {
        return list("mediaId in ?1 and deleted is null order by original desc, created, id", mediaIds);
    }

    public List<FileEntity> listOfMedia(String mediaId) {
        return list("mediaId = ?1 and deleted is null order by original desc, created, id", mediaId);
    }
}
