package dev.smidgen.api.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Webhook delivery settings of the api-service, which dispatches events and sends deliveries. */
@ConfigMapping(prefix = "smidgen.webhooks")
public interface WebhookConfig {
    /**
     * How often each api replica looks for deliveries that came due (retries) and for events no
     * notification announced; new events are fanned out and sent at once, on their notification.
     * The scheduler reads the same key with the same default.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** Wait before the first retry of a failed delivery; each later wait doubles. */
    @WithDefault("30s")
    Duration retryBase();

    /** Longest wait between two attempts of a delivery. */
    @WithDefault("1h")
    Duration retryMax();

    /** How long after its event a delivery is still tried; then it is {@code failed} for good. */
    @WithDefault("24h")
    Duration retryFor();

    /** Time allowed to connect to a receiver. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest silence while waiting for a receiver's answer before the attempt counts as failed. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Requests one api replica has in flight to receivers at most; a slow receiver holds only its own slot. */
    @WithDefault("8")
    int concurrency();

    /**
     * Allow loopback and private receiver addresses (dev and tests only), as
     * {@code smidgen.ingest.allow-private} does for ingest; metadata and link-local addresses stay refused.
     */
    @WithDefault("false")
    boolean allowPrivate();
}
