package dev.smidgen.catalog.listing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists of live media or files of one project, filtered and sorted in SQL so that the indexes of
 * migration V2 answer them: a (project, sort key, id) btree per sort key, a GIN index for metadata.
 * Ties are broken by id, in the same direction, so paging is deterministic.
 */
@ApplicationScoped
public class LibraryQueries {
    @Inject
    EntityManager em;

    /** One page of rows and the total number of rows matching the filters. */
    public record Page<E>(List<E> items, long total) {}

    /** {@code table} is {@code media} or {@code files}; {@code entity} its mapped class. */
    public <E> Page<E> page(String table, Class<E> entity, String projectId, ListRequest request) {
        if (!table.equals("media") && !table.equals("files")) {
            throw new IllegalArgumentException(table);
        }
        // The JDBC driver switches to server-side prepared statements after a few runs, and their
        // generic plan ignores the GIN index for a single metadata filter (walking a million rows,
        // ~900 ms); planning for the actual values picks it (~3 ms). Local to this transaction.
        em.createNativeQuery("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)")
                .getSingleResult();
        List<Object> params = new ArrayList<>();
        String where = where(projectId, request, params);
        String dir = request.ascending() ? "ASC" : "DESC";
        String column = request.sort().column();
        Query rows = em.createNativeQuery(
                "SELECT * FROM " + table + where + " ORDER BY " + column + " " + dir + ", id " + dir + " LIMIT "
                        + request.limit() + " OFFSET " + request.offset(),
                entity);
        Query count = em.createNativeQuery("SELECT count(*) FROM " + table + where);
        for (int i = 0; i < params.size(); i++) {
            rows.setParameter(i + 1, params.get(i));
            count.setParameter(i + 1, params.get(i));
        }
        @SuppressWarnings("unchecked")
        List<E> items = rows.getResultList();
        long total;
        if (request.offset() == 0 && items.size() < request.limit()) {
            total = items.size(); // the whole result fits on the first page: no need to count
        } else if (request.folder() == null && request.metadata().isEmpty()) {
            total = liveCount(table, projectId, request.kind());
        } else {
            total = ((Number) count.getSingleResult()).longValue();
        }
        return new Page<>(items, total);
    }

    /** The trigger-maintained count of live rows (migration V6), optionally of one kind. */
    private long liveCount(String table, String projectId, String kind) {
        Query q = em.createNativeQuery(
                "SELECT coalesce(sum(live), 0) FROM live_counts WHERE table_name = ?1 AND project_id = ?2"
                        + (kind == null ? "" : " AND kind = ?3"));
        q.setParameter(1, table).setParameter(2, projectId);
        if (kind != null) {
            q.setParameter(3, kind);
        }
        return ((Number) q.getSingleResult()).longValue();
    }

    private static String where(String projectId, ListRequest request, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE project_id = ?1 AND deleted IS NULL");
        params.add(projectId);
        if (request.kind() != null) {
            params.add(request.kind());
            sql.append(" AND kind = ?").append(params.size());
        }
        if (request.folder() != null) {
            params.add(request.folder());
            sql.append(" AND folder = ?").append(params.size());
        }
        for (Map.Entry<String, String> filter : request.metadata().entrySet()) {
            List<String> alternatives = MetadataMatch.alternatives(filter.getKey(), filter.getValue());
            sql.append(" AND (");
            for (int i = 0; i < alternatives.size(); i++) {
                params.add(alternatives.get(i));
                sql.append(i == 0 ? "" : " OR ")
                        .append("metadata @> CAST(?")
                        .append(params.size())
                        .append(" AS jsonb)");
            }
            sql.append(")");
        }
        return sql.toString();
    }
}
