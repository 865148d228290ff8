package dev.smidgen.catalog.uploads;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Upload session rows. */
@ApplicationScoped
public class UploadSessionRepository implements PanacheRepositoryBase<UploadSessionEntity, String> {
    public Optional<UploadSessionEntity> findInProject(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResultOptional();
    }

    /** Parts or chunks of a session, in number order. */
    public List<UploadPartEntity> pieces(String sessionId, String kind) {
        return getEntityManager().createQuery(
                "from UploadPartEntity where sessionId = ?1 and kind = ?2 order by number", UploadPartEntity.class)
                .setParameter(1, sessionId).setParameter(2, kind).getResultList();
    }
}
