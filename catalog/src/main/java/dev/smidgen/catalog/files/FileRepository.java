package dev.smidgen.catalog.files;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** File rows. Reads see only live files of the asking project. */
@ApplicationScoped
public class FileRepository implements PanacheRepositoryBase<FileEntity, String> {
    public Optional<FileEntity> findLive(String projectId, String id) {
        return find("projectId = ?1 and id = ?2 and deleted is null", projectId, id).firstResultOptional();
    }

    /** The live file holding a path, if any. */
    public Optional<FileEntity> findByPath(String projectId, String folder, String filename) {
        if (folder == null) {
            return find("projectId = ?1 and folder is null and filename = ?2 and deleted is null", projectId, filename)
                    .firstResultOptional();
        }
        return find("projectId = ?1 and folder = ?2 and filename = ?3 and deleted is null", projectId, folder, filename)
                .firstResultOptional();
    }

    /** The live, ready file stored under an object key (what a delivery URL names). */
    public Optional<FileEntity> findReadyByStorageKey(String storageKey) {
        return find("storageKey = ?1 and deleted is null and status = ?2", storageKey, FileStatus.READY).firstResultOptional();
    }

    public List<FileEntity> listOfMedia(String mediaId) {
        return list("mediaId = ?1 and deleted is null order by original desc, created, id", mediaId);
    }
}
