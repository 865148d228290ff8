package dev.smidgen.api.webhooks;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * Whether Smidgen may post to a URL: the ingest rules ({@link AddressGuard}) under
 * {@code smidgen.webhooks.allow-private}. Checked when a URL is registered (an endpoint, a task's
 * {@code webhook_url}) and again before every attempt, since what a name resolves to may change.
 */
@ApplicationScoped
public class WebhookTargets {
    /** The request field of a task's own webhook. */
    public static final String TASK_FIELD = "webhook_url";

    @Inject
    WebhookConfig config;

    private AddressGuard guard;

    WebhookTargets() {}

    /** Targets under a given guard, for tests. */
    WebhookTargets(AddressGuard guard) {
        this.guard = guard;
    }

    @PostConstruct
    void init() {
        guard = new AddressGuard(config.allowPrivate());
    }

    /** Checks a task's {@code webhook_url}; errors name that field. See {@link #check(String, String)}. */
    public URI check(String url) {
        return check(url, TASK_FIELD);
    }

    /**
     * Checks a URL a client registers: 400 {@code invalid_request} for a malformed or non-http(s) URL,
     * 422 {@code source_forbidden_address} for one that leads to a private, local or metadata
     * address, 422 {@code source_unreachable} for a host that does not resolve. Errors name {@code field}.
     */
    public URI check(String url, String field) {
        try {
            URI uri = guard.checkUrl(url);
            guard.resolveAndCheck(uri);
            return uri;
        } catch (SmidgenException e) {
            throw new SmidgenException(e.code(), e.getMessage(), field);
        }
    }

    /**
     * The check before an attempt: the same rules, with the addresses the name has now. The attempt
     * connects to one of the returned addresses and resolves nothing itself.
     */
    List<InetAddress> checkBeforeSending(URI url) {
        return guard.resolveAndCheck(guard.checkUrl(url.toString()));
    }
}
