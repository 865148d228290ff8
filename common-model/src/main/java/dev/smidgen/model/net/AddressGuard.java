package dev.smidgen.model.net;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether the server may fetch a URL: scheme and syntax first ({@link #checkUrl}), then every
 * address its host resolves to ({@link #resolveAndCheck}). Shared by URL ingest and webhook delivery.
 */
public final class AddressGuard {
    /** The longest URL accepted, in characters. */
    public static final int MAX_URL_LENGTH = 2048;

    private static final String FIELD = "url";
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata");

    /** Looks up a host name: the system resolver in production, a fixed table in tests. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        /** The JDK resolver, whose positive cache also serves the connection made right after the check. */
        static Resolver system() {
            return host -> List.of(InetAddress.getAllByName(host));
        }
    }

    private final boolean allowPrivate;
    private final Set<String> trustedEndpoints;
    private final Resolver resolver;

    /** A guard using the system resolver; {@code allowPrivate} is the {@code smidgen.ingest.allow-private} switch. */
    public AddressGuard(boolean allowPrivate) {
        this(allowPrivate, Set.of(), Resolver.system());
    }

    /**
     * @param allowPrivate     let loopback, private, CGNAT, benchmarking and unique-local addresses through
     *                         (dev/test); metadata, link-local, multicast and reserved addresses stay refused
     * @param trustedEndpoints {@code host:port} pairs, host as written in the URL (IPv6 in brackets), that
     *                         may be internal even when {@code allowPrivate} is off: lets a test run one
     *                         local server while still seeing every other local address refused
     * @param resolver         host name lookup; IP literals never reach it
     */
    public AddressGuard(boolean allowPrivate, Set<String> trustedEndpoints, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.trustedEndpoints =
                trustedEndpoints.stream().map(e -> e.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /**
     * Checks a URL's syntax without any network access: absolute {@code http}/{@code https}, a host,
     * no credentials, a valid port, at most {@value #MAX_URL_LENGTH} characters.
     *
     * @throws SmidgenException {@link ErrorCode#INVALID_REQUEST} on field {@code url}
     */
    public URI checkUrl(String raw) {
        if (raw == null || raw.isBlank()) {
            throw SmidgenException.invalid(FIELD, "A source URL is required.");
        }
        String text = raw.strip();
        if (text.length() > MAX_URL_LENGTH) {
            throw SmidgenException.invalid(FIELD, "The URL is longer than " + MAX_URL_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw SmidgenException.invalid(FIELD, "The URL is malformed.");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            throw SmidgenException.invalid(FIELD, "The URL must be absolute, starting with http:// or https://.");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw SmidgenException.invalid(FIELD, "Only http and https URLs can be fetched, not " + scheme + ":.");
        }
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty()) {
            throw SmidgenException.invalid(FIELD, "The URL must name a host.");
        }
        // Credentials are refused outright: "http://good.com@127.0.0.1/" reads as good.com to people
        // and as 127.0.0.1 to machines, and a source URL has no business carrying a password.
        if (authority.contains("@")) {
            throw SmidgenException.invalid(FIELD, "The URL must not contain a user name or password.");
        }
        String host = uri.getHost();
        String written = host != null ? host : stripPort(authority);
        if (HostSyntax.looksLikeIpv4(written) && !HostSyntax.isDottedQuad(written)) {
            // 2130706433, 0x7f.1 or 0177.0.0.1 mean different addresses to the JDK and to libc, so the
            // address we check could differ from the one we reach: refuse every such spelling.
            throw SmidgenException.invalid(
                    FIELD,
                    "The URL host " + written
                            + " is not a standard IP address; write it as a dotted quad such as 93.184.216.34.");
        }
        if (host == null) {
            throw SmidgenException.invalid(FIELD, "The URL host is not a valid host name.");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw SmidgenException.invalid(FIELD, "The URL port is out of range.");
        }
        return uri;
    }

    /** {@link #checkUrl(String)} for a URL in a request field other than {@code url} (e.g. {@code webhook_url}). */
    public URI checkUrl(String raw, String field) {
        try {
            return checkUrl(raw);
        } catch (SmidgenException e) {
            throw new SmidgenException(e.code(), e.getMessage(), field);
        }
    }

    /**
     * Resolves the host of a URL accepted by {@link #checkUrl} and returns its addresses, provided none
     * of them is refused under this guard's policy.
     *
     * @throws SmidgenException {@link ErrorCode#SOURCE_FORBIDDEN_ADDRESS} when any address is refused;
     *                          transient {@link ErrorCode#SOURCE_UNREACHABLE} when the name does not resolve
     */
    public List<InetAddress> resolveAndCheck(URI url) {
        String host = url.getHost();
        if (host == null) {
            throw SmidgenException.invalid(FIELD, "The URL must name a host.");
        }
        host = host.toLowerCase(Locale.ROOT);
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (METADATA_HOSTS.contains(name)) {
            throw metadata(host);
        }
        List<InetAddress> addresses = lookUp(host);
        boolean trusted = trustedEndpoints.contains(host + ":" + effectivePort(url));
        for (InetAddress address : addresses) {
            IpRanges.Kind kind = IpRanges.classify(address);
            if (kind == IpRanges.Kind.METADATA) {
                throw metadata(host);
            }
            if (kind == IpRanges.Kind.RESERVED || kind == IpRanges.Kind.INTERNAL && !allowPrivate && !trusted) {
                // The message names the host only: echoing what an internal name resolves to would leak it.
                throw new SmidgenException(
                        ErrorCode.SOURCE_FORBIDDEN_ADDRESS,
                        "The URL host " + host
                                + " points at a private, local or reserved address, which Smidgen may not fetch.",
                        FIELD);
            }
        }
        return addresses;
    }

    private List<InetAddress> lookUp(String host) {
        if (HostSyntax.isIpv6Literal(host) || HostSyntax.isDottedQuad(host)) {
            try {
                // A literal is parsed, never looked up.
                return List.of(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                throw SmidgenException.invalid(FIELD, "The URL host " + host + " is not a valid IP address.");
            }
        }
        try {
            List<InetAddress> found = resolver.resolve(host);
            if (found == null || found.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return found;
        } catch (UnknownHostException e) {
            // Transient on purpose: the JDK cannot tell a name that does not exist from a resolver
            // that is briefly failing, and a bounded retry costs less than dropping a good ingest.
            throw SmidgenException.transientFailure(
                    ErrorCode.SOURCE_UNREACHABLE, "The URL host " + host + " could not be resolved.", e);
        }
    }

    private static SmidgenException metadata(String host) {
        return new SmidgenException(
                ErrorCode.SOURCE_FORBIDDEN_ADDRESS,
                "The URL host " + host + " is a cloud metadata service, which Smidgen may not fetch.",
                FIELD);
    }

    private static int effectivePort(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static String stripPort(String authority) {
        int colon = authority.lastIndexOf(':');
        return colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
    }
}
