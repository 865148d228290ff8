package dev.smidgen.catalog.connections;

import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Whether a connection works (docs/api/connections.md#the-check): a HEAD of its bucket when it names
 * one, else a ListBuckets. Runs before a connection is stored or its keys change, and on
 * {@code POST /connections/{id}/test}; each call is bounded by {@link #CALL_TIMEOUT}.
 */
@ApplicationScoped
public class ConnectionCheck {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final ConnectionClients clients;

    @Inject
    public ConnectionCheck(ConnectionClients clients) {
        this.clients = clients;
    }

    /**
     * Checks {@code connection} with {@code secretKey}, the secret it has or is about to have.
     *
     * @throws SmidgenException {@code source_forbidden_address} on {@code endpoint},
     *                          {@code connection_unreachable}, {@code connection_unauthorized} or
     *                          {@code bucket_not_found}
     */
    public void check(ConnectionEntity connection, String secretKey) {
        // The address first, so a refused endpoint is refused without a connection attempt.
        try {
            clients.guard().resolveAndCheck(ConnectionEndpoint.of(connection));
        } catch (SmidgenException e) {
            throw ConnectionErrors.ofAddress(connection, e);
        }
        try (S3Client client = clients.uncached(connection, secretKey)) {
            if (connection.bucket != null) {
                client.headBucket(
                        b -> b.bucket(connection.bucket).overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
            } else {
                client.listBuckets(b -> b.overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
            }
        } catch (SdkException e) {
            throw ConnectionErrors.of(connection, connection.bucket, e);
        }
    }
}
