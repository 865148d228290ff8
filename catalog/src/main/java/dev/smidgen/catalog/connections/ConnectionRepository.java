package dev.smidgen.catalog.connections;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Connections, always read within the asking project. */
@ApplicationScoped
public class ConnectionRepository implements PanacheRepositoryBase<ConnectionEntity, String> {
    public Optional<ConnectionEntity> findInProject(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResultOptional();
    }

    public Optional<ConnectionEntity> findDefault(String projectId) {
        return find("projectId = ?1 and isDefault = true", projectId).firstResultOptional();
    }

    /**
     * Clears the project's default flag (before another connection takes it): flushed at once, so
     * the partial unique index {@code connections_one_default} never sees two defaults.
     */
    public void clearDefault(String projectId) {
        update("isDefault = false where projectId = ?1 and isDefault = true", projectId);
    }

    /**
     * One page of a project's connections in (created, id) order, walking from the cursor item:
     * {@code limit + 1} rows, so the caller can tell whether more follow.
     *
     * @param cursor    the item to continue from, or null for the first page
     * @param forward   whether the page lies after the cursor in {@code ascending} order (else before it)
     */
    public List<ConnectionEntity> page(
            String projectId, ConnectionEntity cursor, boolean forward, boolean ascending, int limit) {
        // Walking "before" the cursor in the requested order is walking after it in the opposite one.
        boolean up = ascending == forward;
        String dir = up ? "asc" : "desc";
        String order = " order by created " + dir + ", id " + dir;
        var query = cursor == null
                ? find("projectId = ?1" + order, projectId)
                : find(
                        "projectId = ?1 and (created " + (up ? ">" : "<") + " ?2 or (created = ?2 and id "
                                + (up ? ">" : "<") + " ?3))" + order,
                        projectId,
                        cursor.created,
                        cursor.id);
        return query.page(0, limit + 1).list();
    }
}
