package dev.smidgen.ingest.export;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.tasks.TaskPayloads;
import dev.smidgen.runtime.TaskLeases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;

/** The database side of an export: the file it copies, and its completion with its output. */
@ApplicationScoped
public class ExportWriter {
    @Inject
    EntityManager em;

    @Inject
    FileRepository files;

    @Inject
    TaskLeases leases;

    /** The live file {@code fileId} of {@code projectId}, detached. */
    @Transactional
    public Optional<FileEntity> file(String projectId, String fileId) {
        return files.findLive(projectId, fileId);
    }

    /** Writes the task's {@code output} and completes it in one commit, so the event sees the output. */
    @Transactional
    public boolean complete(String taskId, String owner, Map<String, Object> output) {
        em.createNativeQuery("UPDATE tasks SET output = CAST(?3 AS jsonb) WHERE id = ?1 AND lease_owner = ?2"
                        + " AND status = 'processing'")
                .setParameter(1, taskId)
                .setParameter(2, owner)
                .setParameter(3, TaskPayloads.toJson(output))
                .executeUpdate();
        return leases.complete(taskId, owner);
    }
}
