package dev.smidgen.model.net;

import java.net.URI;
import java.util.Objects;

/**
 * A source URL whose syntax has been checked ({@link AddressGuard#checkUrl(String)}): absolute http(s),
 * a host, no credentials, a valid port. Made once where the URL enters (the API request, or the task
 * row a worker reads) and passed on as it is, so later steps do not parse it again. Where it leads is
 * not part of it: that needs DNS and is checked when connecting, on every redirect hop.
 */
public record SourceUrl(URI uri) {
    private static final AddressGuard SYNTAX = new AddressGuard(false);

    public SourceUrl {
        Objects.requireNonNull(uri, "uri");
    }

    /**
     * Checks {@code raw} and keeps it.
     *
     * @throws dev.smidgen.model.SmidgenException {@code invalid_request} on field {@code url}
     */
    public static SourceUrl parse(String raw) {
        return new SourceUrl(SYNTAX.checkUrl(raw));
    }

    /** The URL as the client wrote it (trimmed): how task rows store it and logs name it. */
    @Override
    public String toString() {
        return uri.toString();
    }
}
