package dev.smidgen.catalog.media;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Media rows. Reads see only live (not deleted) media of the asking project. */
@ApplicationScoped
public class MediaRepository implements PanacheRepositoryBase<MediaEntity, String> {
    public Optional<MediaEntity> findLive(String projectId, String idOrAlias) {
        return find("projectId = ?1 and (id = ?2 or alias = ?2) and deleted is null", projectId, idOrAlias)
                .firstResultOptional();
    }
}
