package dev.smidgen.catalog.connections;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of connections to the user's own storage (docs/configuration.md). */
@ConfigMapping(prefix = "smidgen.connections")
public interface ConnectionsConfig {
    /**
     * The AES-256 key that seals connections' secret keys, base64 of 32 bytes. Without it the
     * services run, but no connection can be created or used. {@code ./smidgen up} and the e2e
     * stack generate one and keep it with the rest of the local state.
     */
    Optional<String> secretKey();

    /**
     * Whether a connection's endpoint may be a loopback or private address: the ingest worker's own
     * {@code smidgen.ingest.allow-private} switch unless set apart (a connection is a fetch the
     * server makes on a user's word, as a URL ingest is). Cloud metadata addresses stay refused.
     */
    @WithDefault("${smidgen.ingest.allow-private:false}")
    boolean allowPrivate();
}
