package dev.smidgen.ingest.fetch;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import dev.smidgen.model.net.SourceUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Downloads a source URL to a local file under the ingest safety rules: every hop's URL and addresses
 * vetted by an {@link AddressGuard}, redirects followed by hand, a byte cap, no web pages, and nothing
 * left at the target when anything fails.
 *
 * <p>DNS rebinding: the guard resolves the host, then {@link HttpURLConnection} resolves it again to
 * connect. JDK 17 has no resolver hook to hand the connection the vetted address (that SPI arrived in
 * JDK 18), and putting the IP in the URL would break TLS name checks and virtual hosts. With the system
 * resolver both lookups normally hit the JDK's positive DNS cache ({@code networkaddress.cache.ttl},
 * 30 s by default), so the window is an entry expiring between check and connect; a host that answers
 * with TTL 0 can still try to race it. Network egress rules remain the backstop.
 */
public final class SourceFetcher {
    static final String USER_AGENT = "Smidgen-Ingest/1";
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> WEB_PAGE_TYPES = Set.of("text/html", "application/xhtml+xml");

    private final AddressGuard guard;

    public SourceFetcher(AddressGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /**
     * Fetches {@code url} into {@code target} (created or overwritten).
     *
     * @throws SmidgenException {@code INVALID_REQUEST} or {@code SOURCE_FORBIDDEN_ADDRESS} for a refused
     *                          URL or redirect; {@code SOURCE_UNREACHABLE} (transient or not, see
     *                          {@link SmidgenException#isTransient()}); {@code FILE_TOO_LARGE};
     *                          {@code SOURCE_TOO_SLOW} past the limits' {@link FetchPace};
     *                          {@code UNSUPPORTED_MEDIA} for an empty body or a web page
     */
    public FetchResult fetch(SourceUrl url, Path target, FetchLimits limits) {
        return fetch(url, target, limits, FetchProgress.NONE);
    }

    /**
     * As {@link #fetch(SourceUrl, Path, FetchLimits)}, reporting bytes received as they arrive. The URL's
     * syntax was checked when it was made; where it leads is checked here, on every hop.
     */
    public FetchResult fetch(SourceUrl url, Path target, FetchLimits limits, FetchProgress progress) {
        boolean fetched = false;
        try {
            // The pace watch runs from the first connection, so slow answers count as much as slow bytes.
            FetchResult result = followRedirects(
                    url.uri(), target, limits, limits.pace().start().andThen(progress));
            fetched = true;
            return result;
        } finally {
            if (!fetched) {
                deleteQuietly(target);
            }
        }
    }

    private FetchResult followRedirects(URI first, Path target, FetchLimits limits, FetchProgress progress) {
        URI current = first;
        for (int redirects = 0; ; redirects++) {
            guard.resolveAndCheck(current); // every hop, see the class comment for the rebinding window
            HttpURLConnection conn = open(current, limits);
            try {
                int status = conn.getResponseCode();
                if (REDIRECTS.contains(status)) {
                    if (redirects >= limits.maxRedirects()) {
                        throw FetchFailures.tooManyRedirects(limits.maxRedirects());
                    }
                    current = nextHop(current, conn.getHeaderField("Location"));
                    continue;
                }
                if (status < 200 || status > 299) {
                    throw FetchFailures.forStatus(status);
                }
                return receive(conn, current, target, limits, progress);
            } catch (IOException e) {
                throw FetchFailures.forIo(e);
            } finally {
                // An unfinished body normally closes the socket; only a fixed-length body of at most
                // 512 KiB may be drained by the JDK in the background for reuse. None of it is stored.
                conn.disconnect();
            }
        }
    }

    private static HttpURLConnection open(URI url, FetchLimits limits) {
        try {
            // NO_PROXY: the guard vetted this host, so the connection must go to it and nowhere else.
            HttpURLConnection conn = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
            conn.setInstanceFollowRedirects(false);
            conn.setConnectTimeout(millis(limits.connectTimeout()));
            conn.setReadTimeout(millis(limits.readTimeout()));
            conn.setUseCaches(false);
            conn.setRequestProperty("User-Agent", USER_AGENT);
            conn.setRequestProperty("Accept", "*/*");
            return conn;
        } catch (IOException e) {
            throw FetchFailures.forIo(e);
        }
    }

    private URI nextHop(URI current, String location) {
        if (location == null || location.isBlank()) {
            throw new SmidgenException(ErrorCode.SOURCE_UNREACHABLE, "The source sent a redirect without a location.");
        }
        URI next;
        try {
            next = current.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new SmidgenException(ErrorCode.SOURCE_UNREACHABLE, "The source sent a malformed redirect.");
        }
        try {
            return guard.checkUrl(next.toString());
        } catch (SmidgenException e) {
            // The client's URL was fine; where the source sent us is what is refused.
            throw new SmidgenException(
                    ErrorCode.SOURCE_FORBIDDEN_ADDRESS,
                    "The source redirected to a URL Smidgen may not fetch: " + e.getMessage(),
                    "url");
        }
    }

    private static FetchResult receive(
            HttpURLConnection conn, URI finalUrl, Path target, FetchLimits limits, FetchProgress progress)
            throws IOException {
        String contentType = conn.getContentType();
        if (isWebPage(contentType)) {
            throw FetchFailures.webPage();
        }
        long declared = conn.getContentLengthLong();
        if (declared > limits.maxBytes()) {
            throw FetchFailures.tooLarge(limits.maxBytes());
        }
        if (declared == 0) {
            throw FetchFailures.empty();
        }
        BodyCopier.Copied copied;
        try (InputStream in = conn.getInputStream()) {
            copied = BodyCopier.copy(in, target, limits.maxBytes(), total -> progress.received(total, declared));
        }
        if (declared > 0 && copied.size() < declared) {
            // The JDK ends a fixed-length body quietly when the connection drops early.
            throw FetchFailures.truncated(copied.size(), declared);
        }
        if (copied.size() == 0) {
            throw FetchFailures.empty();
        }
        String filename = SuggestedFilename.of(conn.getHeaderField("Content-Disposition"), finalUrl);
        return new FetchResult(copied.size(), copied.sha256(), contentType, finalUrl, filename);
    }

    private static boolean isWebPage(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return WEB_PAGE_TYPES.contains(mediaType.toLowerCase(Locale.ROOT));
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static void deleteQuietly(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException ignored) {
            // Best effort: the original failure is the one worth reporting.
        }
    }
}
