package dev.smidgen.catalog.connections;

import dev.smidgen.model.net.AddressGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * An {@link S3Client} per connection: path-style (so a bucket name never becomes a host name the
 * address check did not see), the connection's region, endpoint and keys, and checksums only where
 * an operation requires them, as {@code S3ClientProducer} sets up the server's own client. Every
 * host the client connects to is resolved through {@link AddressGuard} at connect time, so a name
 * that passed the check and then turned to a private address is still refused. Clients are cached
 * by connection id and update time (an edited connection gets a new one) and closed on eviction.
 */
@ApplicationScoped
public class ConnectionClients {
    private static final Logger LOG = Logger.getLogger(ConnectionClients.class);

    /** Clients kept at most; a project rarely has more than a handful of connections. */
    private static final int MAX_CLIENTS = 64;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longest silence of a connection mid-call (transfers are long; no call may stall). */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);

    private record CacheKey(String id, Instant updated) {}

    private final Map<CacheKey, S3Client> clients = new LinkedHashMap<>(16, 0.75f, true);
    private final ConnectionSecrets secrets;
    private final AddressGuard guard;

    @Inject
    public ConnectionClients(ConnectionSecrets secrets, ConnectionsConfig config) {
        this(secrets, new AddressGuard(config.allowPrivate()));
    }

    public ConnectionClients(ConnectionSecrets secrets, AddressGuard guard) {
        this.secrets = secrets;
        this.guard = guard;
    }

    public AddressGuard guard() {
        return guard;
    }

    /** The client of {@code connection} as it is now. */
    public S3Client client(ConnectionEntity connection) {
        CacheKey key = new CacheKey(connection.id, connection.updated);
        synchronized (clients) {
            S3Client client = clients.get(key);
            if (client != null) {
                return client;
            }
            // An older client of the same connection is stale: its keys or endpoint changed.
            clients.entrySet().removeIf(e -> {
                boolean stale = e.getKey().id().equals(connection.id);
                if (stale) {
                    e.getValue().close();
                }
                return stale;
            });
            client = build(connection);
            clients.put(key, client);
            if (clients.size() > MAX_CLIENTS) {
                Iterator<Map.Entry<CacheKey, S3Client>> eldest =
                        clients.entrySet().iterator();
                eldest.next().getValue().close();
                eldest.remove();
            }
            return client;
        }
    }

    /** A client for a connection that is not stored (yet): the check of a create or an edit. Close it. */
    public S3Client uncached(ConnectionEntity connection, String secretKey) {
        return build(connection, secretKey);
    }

    private S3Client build(ConnectionEntity connection) {
        return build(connection, secrets.open(connection));
    }

    private S3Client build(ConnectionEntity connection, String secretKey) {
        URI endpoint = ConnectionEndpoint.of(connection);
        LOG.debugf("S3 client for %s", connection);
        return S3Client.builder()
                .region(Region.of(connection.region))
                .endpointOverride(endpoint)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(connection.accessKeyId, secretKey)))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .dnsResolver(host -> resolve(endpoint, host)))
                .build();
    }

    private InetAddress[] resolve(URI endpoint, String host) {
        // The port decides nothing for the address rules but is part of the URI the guard reads.
        URI target = URI.create(endpoint.getScheme() + "://" + (host.contains(":") ? "[" + host + "]" : host)
                + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort()) + "/");
        return guard.resolveAndCheck(target).toArray(InetAddress[]::new);
    }

    @PreDestroy
    void closeAll() {
        synchronized (clients) {
            clients.values().forEach(S3Client::close);
            clients.clear();
        }
    }
}
