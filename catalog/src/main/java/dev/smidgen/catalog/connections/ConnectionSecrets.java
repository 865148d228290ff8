package dev.smidgen.catalog.connections;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The configured {@link SecretSeal}, read once. A deployment without {@code smidgen.connections.secret-key}
 * still runs; only the use of a connection fails, with a message that names the setting.
 */
@ApplicationScoped
public class ConnectionSecrets {
    private final SecretSeal seal;

    @Inject
    public ConnectionSecrets(ConnectionsConfig config) {
        this.seal = config.secretKey()
                .filter(k -> !k.isBlank())
                .map(SecretSeal::fromBase64)
                .orElse(null);
    }

    public String seal(String connectionId, String secret) {
        return require().seal(connectionId, secret);
    }

    /** The secret key of {@code connection}, opened; never log it. */
    public String open(ConnectionEntity connection) {
        try {
            return require().open(connection.id, connection.secretSealed);
        } catch (IllegalArgumentException e) {
            throw new SmidgenException(
                    ErrorCode.INTERNAL,
                    "The secret key of connection " + connection.id + " cannot be opened: " + e.getMessage());
        }
    }

    private SecretSeal require() {
        if (seal == null) {
            throw new SmidgenException(
                    ErrorCode.UNAVAILABLE,
                    "Connections are not configured on this server: smidgen.connections.secret-key is not set.");
        }
        return seal;
    }
}
