package dev.smidgen.catalog.projects;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** API keys, looked up by the hash of their secret. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, String> {
    public Optional<ApiKeyEntity> findActiveByHash(String keyHash) {
        return find("keyHash = ?1 and revoked is null", keyHash).firstResultOptional();
    }
}
