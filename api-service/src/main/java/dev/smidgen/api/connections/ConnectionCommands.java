package dev.smidgen.api.connections;

import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.connections.ConnectionCheck;
import dev.smidgen.catalog.connections.ConnectionEndpoint;
import dev.smidgen.catalog.connections.ConnectionEntity;
import dev.smidgen.catalog.connections.ConnectionRepository;
import dev.smidgen.catalog.connections.ConnectionSecrets;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.http.CursorRequest;
import dev.smidgen.web.http.JsonBody;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Creating, editing and deleting connections. The check against the storage runs before the
 * transaction that stores the result, so no row is locked while a slow endpoint is waited for.
 */
@ApplicationScoped
class ConnectionCommands {
    private static final int MAX_KEY_CHARS = 256;

    @Inject
    ConnectionRepository connections;

    @Inject
    ConnectionSecrets secrets;

    @Inject
    ConnectionCheck check;

    @Inject
    EntityManager em;

    record Page(List<ConnectionEntity> items, boolean hasMore) {}

    ConnectionEntity create(String projectId, JsonBody body) {
        String kind = body.requiredString("kind");
        if (!kind.equals(ConnectionEntity.KIND_S3)) {
            throw SmidgenException.invalid("kind", "kind must be s3.");
        }
        ConnectionEntity c = new ConnectionEntity();
        c.id = Ids.newId(IdPrefix.CONNECTION);
        c.projectId = projectId;
        c.kind = kind;
        c.name = body.requiredString("name");
        c.endpoint = ConnectionEndpoint.normalize(body.string("endpoint"));
        c.region = ConnectionEndpoint.region(body.requiredString("region"));
        c.bucket = body.string("bucket") == null ? null : BucketObject.checkBucket(body.string("bucket"), "bucket");
        c.accessKeyId = key(body.requiredString("access_key_id"), "access_key_id");
        String secret = key(body.requiredString("secret_access_key"), "secret_access_key");
        c.isDefault = body.bool("is_default", false);
        check.check(c, secret);
        c.secretSealed = secrets.seal(c.id, secret);
        c.created = now();
        c.updated = c.created;
        return QuarkusTransaction.requiringNew().call(() -> {
            if (c.isDefault) {
                connections.clearDefault(projectId);
            }
            connections.persist(c);
            return c;
        });
    }

    ConnectionEntity find(String projectId, String id) {
        return connections.findInProject(projectId, id).orElseThrow(() -> SmidgenException.notFound("Connection"));
    }

    Page page(String projectId, CursorRequest request) {
        return QuarkusTransaction.requiringNew().call(() -> {
            String cursorId = request.after() != null ? request.after() : request.before();
            ConnectionEntity cursor = null;
            if (cursorId != null) {
                cursor = connections
                        .findInProject(projectId, cursorId)
                        .orElseThrow(() -> SmidgenException.invalid(
                                request.after() != null ? "after" : "before", "The cursor names no connection."));
            }
            boolean forward = request.before() == null;
            List<ConnectionEntity> rows =
                    connections.page(projectId, cursor, forward, request.ascending(), request.limit());
            boolean more = rows.size() > request.limit();
            List<ConnectionEntity> items = more ? rows.subList(0, request.limit()) : rows;
            if (!forward) {
                // Fetched walking away from the cursor; shown in the requested order.
                items = new java.util.ArrayList<>(items);
                java.util.Collections.reverse(items);
            }
            return new Page(List.copyOf(items), more);
        });
    }

    /** Applies {@code body}'s fields; a new secret, or a new place to check, is checked before it is stored. */
    ConnectionEntity patch(String projectId, String id, JsonBody body) {
        ConnectionEntity c = copy(find(projectId, id));
        if (body.has("kind") && !ConnectionEntity.KIND_S3.equals(body.string("kind"))) {
            throw SmidgenException.invalid("kind", "kind must be s3.");
        }
        if (body.has("name")) {
            c.name = body.requiredString("name");
        }
        boolean recheck = false;
        if (body.has("endpoint")) {
            c.endpoint = ConnectionEndpoint.normalize(body.string("endpoint"));
            recheck = true;
        }
        if (body.has("region")) {
            c.region = ConnectionEndpoint.region(body.requiredString("region"));
            recheck = true;
        }
        if (body.has("bucket")) {
            c.bucket = body.string("bucket") == null ? null : BucketObject.checkBucket(body.string("bucket"), "bucket");
            recheck = true;
        }
        if (body.has("access_key_id")) {
            c.accessKeyId = key(body.requiredString("access_key_id"), "access_key_id");
            recheck = true;
        }
        String secret = null;
        if (body.has("secret_access_key")) {
            secret = key(body.requiredString("secret_access_key"), "secret_access_key");
            recheck = true;
        }
        if (body.has("is_default")) {
            c.isDefault = body.requiredBool("is_default");
        }
        if (recheck) {
            check.check(c, secret != null ? secret : secrets.open(c));
        }
        String sealed = secret != null ? secrets.seal(c.id, secret) : c.secretSealed;
        c.updated = now();
        return QuarkusTransaction.requiringNew().call(() -> {
            ConnectionEntity row = find(projectId, id);
            if (c.isDefault && !row.isDefault) {
                connections.clearDefault(projectId);
            }
            row.name = c.name;
            row.endpoint = c.endpoint;
            row.region = c.region;
            row.bucket = c.bucket;
            row.accessKeyId = c.accessKeyId;
            row.secretSealed = sealed;
            row.isDefault = c.isDefault;
            row.updated = c.updated;
            return row;
        });
    }

    /** The check again, with the stored keys. */
    ConnectionEntity test(String projectId, String id) {
        ConnectionEntity c = find(projectId, id);
        check.check(c, secrets.open(c));
        return c;
    }

    void delete(String projectId, String id) {
        QuarkusTransaction.requiringNew().run(() -> {
            ConnectionEntity c = find(projectId, id);
            if (inUse(c)) {
                throw new SmidgenException(
                        ErrorCode.CONFLICT,
                        "Connection " + id
                                + " is used by a task or job that has not finished; delete it when they are done.");
            }
            connections.delete(c);
        });
    }

    /** Whether an unfinished task reads from or writes to the connection, or an unfinished job names it. */
    private boolean inUse(ConnectionEntity c) {
        Number tasks = (Number) em.createNativeQuery("SELECT count(*) FROM tasks WHERE project_id = ?1"
                        + " AND status IN ('waiting', 'pending', 'processing')"
                        + " AND (input -> 'object' ->> 'connection_id' = ?2"
                        + " OR input -> 'to' ->> 'connection_id' = ?2)")
                .setParameter(1, c.projectId)
                .setParameter(2, c.id)
                .getSingleResult();
        Number jobs = (Number) em.createNativeQuery("SELECT count(*) FROM jobs WHERE project_id = ?1"
                        + " AND connection_id = ?2 AND status IN ('queued', 'processing')")
                .setParameter(1, c.projectId)
                .setParameter(2, c.id)
                .getSingleResult();
        return tasks.longValue() + jobs.longValue() > 0;
    }

    /** A copy to edit outside the transaction: the stored row changes only once the edit is checked. */
    private static ConnectionEntity copy(ConnectionEntity from) {
        ConnectionEntity c = new ConnectionEntity();
        c.id = from.id;
        c.projectId = from.projectId;
        c.kind = from.kind;
        c.name = from.name;
        c.endpoint = from.endpoint;
        c.region = from.region;
        c.bucket = from.bucket;
        c.accessKeyId = from.accessKeyId;
        c.secretSealed = from.secretSealed;
        c.isDefault = from.isDefault;
        c.created = from.created;
        c.updated = from.updated;
        return c;
    }

    private static String key(String value, String field) {
        if (value.length() > MAX_KEY_CHARS || value.chars().anyMatch(ch -> ch <= 0x20 || ch == 0x7f)) {
            throw SmidgenException.invalid(
                    field,
                    field + " must be at most " + MAX_KEY_CHARS + " characters, without spaces or control characters.");
        }
        return value;
    }

    /** Milliseconds are what the API shows; storing more would make equal-looking cursors differ. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
