package dev.smidgen.api.jobs;

import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.connections.ConnectionRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Reads the {@code s3://} URLs of a request into objects of the project's own buckets, each reached
 * through the connection the request names, or else the project's default connection
 * (docs/api/connections.md).
 */
@ApplicationScoped
public class BucketObjects {
    @Inject
    ConnectionRepository connections;

    /**
     * @throws SmidgenException {@code invalid_input} for a malformed URL, {@code connection_not_found}
     *                          for an unknown connection or none at all
     */
    @Transactional
    public BucketObject resolve(String projectId, String url, String connectionId, String field) {
        BucketObject unresolved = BucketObject.parse(url, "?", field);
        return new BucketObject(connectionOf(projectId, connectionId), unresolved.bucket(), unresolved.key());
    }

    private String connectionOf(String projectId, String connectionId) {
        if (connectionId != null) {
            return connections
                    .findInProject(projectId, connectionId)
                    .orElseThrow(() -> SmidgenException.notFound("Connection"))
                    .id;
        }
        return connections
                .findDefault(projectId)
                .orElseThrow(() -> new SmidgenException(
                        ErrorCode.INVALID_REQUEST,
                        "An s3:// URL needs a connection: give connection_id, or make one of the project's"
                                + " connections the default.",
                        "connection_id"))
                .id;
    }
}
