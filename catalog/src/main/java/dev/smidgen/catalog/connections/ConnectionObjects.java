package dev.smidgen.catalog.connections;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects of the user's own buckets as the workers reach them: the connection looked up within the
 * task's project, its client, and failures as the connection codes, where "the storage could not
 * be reached" is transient (a worker retries it) and everything else is final.
 */
@ApplicationScoped
public class ConnectionObjects {
    @Inject
    ConnectionRepository connections;

    @Inject
    ConnectionClients clients;

    /**
     * The connection {@code id} of {@code projectId}, read in a transaction of its own.
     *
     * @throws SmidgenException {@code not_found} (shown as {@code connection_not_found}) when the project has none such
     */
    public ConnectionEntity connection(String projectId, String id) {
        return QuarkusTransaction.requiringNew()
                .call(() -> connections.findInProject(projectId, id))
                .orElseThrow(() -> SmidgenException.notFound("Connection"));
    }

    public S3Client client(ConnectionEntity connection) {
        return clients.client(connection);
    }

    /**
     * Opens {@code object} for reading; the caller closes the stream.
     *
     * @throws SmidgenException {@code source_unreachable} naming the object when it does not exist,
     *                          else as {@link #failure}
     */
    public ResponseInputStream<GetObjectResponse> open(String projectId, BucketObject object) {
        ConnectionEntity connection = connection(projectId, object.connectionId());
        try {
            return client(connection).getObject(b -> b.bucket(object.bucket()).key(object.key()));
        } catch (NoSuchKeyException e) {
            throw missing(object);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
                throw missing(object);
            }
            throw failure(connection, object.bucket(), e);
        } catch (SdkException e) {
            throw failure(connection, object.bucket(), e);
        }
    }

    /** What a failed transfer through {@code connection} means; an unreachable storage is worth a retry. */
    public static SmidgenException failure(ConnectionEntity connection, String bucket, SdkException e) {
        SmidgenException mapped = ConnectionErrors.of(connection, bucket, e);
        if (mapped.code() == ErrorCode.CONNECTION_UNREACHABLE) {
            return SmidgenException.transientFailure(mapped.code(), mapped.getMessage(), e);
        }
        return mapped;
    }

    private static SmidgenException missing(BucketObject object) {
        return new SmidgenException(
                ErrorCode.SOURCE_UNREACHABLE,
                "The object " + object.url() + " does not exist (connection " + object.connectionId() + ").");
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
