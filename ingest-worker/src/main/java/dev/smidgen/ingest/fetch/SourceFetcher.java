package dev.smidgen.ingest.fetch;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import dev.smidgen.model.net.PinnedRequest;
import dev.smidgen.model.net.SourceUrl;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.http.ConnectionClosedException;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpGet;

/**
 * Downloads a source URL to a local file under the ingest safety rules: every hop's URL and addresses
 * vetted by an {@link AddressGuard}, redirects followed by hand, a byte cap, no web pages, and nothing
 * left at the target when anything fails.
 *
 * <p>DNS rebinding: each hop's host is resolved once, by the guard, and the connection goes to one of
 * exactly those addresses ({@link PinnedRequest}); a second lookup that could answer differently never
 * happens.
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
            List<InetAddress> vetted = guard.resolveAndCheck(current);
            try (PinnedRequest hop =
                    PinnedRequest.send(get(current), vetted, limits.connectTimeout(), limits.readTimeout())) {
                HttpResponse response = hop.response();
                int status = response.getStatusLine().getStatusCode();
                if (REDIRECTS.contains(status)) {
                    if (redirects >= limits.maxRedirects()) {
                        throw FetchFailures.tooManyRedirects(limits.maxRedirects());
                    }
                    current = nextHop(current, header(response, "Location"));
                    continue;
                }
                if (status < 200 || status > 299) {
                    throw FetchFailures.forStatus(status);
                }
                return receive(response, current, target, limits, progress);
            } catch (IOException e) {
                throw FetchFailures.forIo(e);
            }
        }
    }

    private static HttpGet get(URI url) {
        HttpGet get = new HttpGet(url);
        get.setHeader("User-Agent", USER_AGENT);
        get.setHeader("Accept", "*/*");
        return get;
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
            HttpResponse response, URI finalUrl, Path target, FetchLimits limits, FetchProgress progress)
            throws IOException {
        String contentType = header(response, "Content-Type");
        if (isWebPage(contentType)) {
            throw FetchFailures.webPage();
        }
        HttpEntity entity = response.getEntity();
        long declared = entity == null ? 0 : entity.getContentLength();
        if (declared > limits.maxBytes()) {
            throw FetchFailures.tooLarge(limits.maxBytes());
        }
        if (declared == 0 || entity == null) {
            throw FetchFailures.empty();
        }
        // Not closed here: closing a body reads the rest of it; the request hangs up instead.
        CountingInputStream in = new CountingInputStream(entity.getContent());
        BodyCopier.Copied copied = BodyCopier.copy(
                in,
                target,
                limits.maxBytes(),
                total -> progress.received(total, declared),
                e -> e instanceof ConnectionClosedException && declared > 0
                        ? FetchFailures.truncated(in.count(), declared)
                        : FetchFailures.forIo(e));
        if (declared > 0 && copied.size() < declared) {
            throw FetchFailures.truncated(copied.size(), declared);
        }
        if (copied.size() == 0) {
            throw FetchFailures.empty();
        }
        String filename = SuggestedFilename.of(header(response, "Content-Disposition"), finalUrl);
        return new FetchResult(copied.size(), copied.sha256(), contentType, finalUrl, filename);
    }

    private static String header(HttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static boolean isWebPage(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return WEB_PAGE_TYPES.contains(mediaType.toLowerCase(Locale.ROOT));
    }

    private static void deleteQuietly(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException ignored) {
            // Best effort: the original failure is the one worth reporting.
        }
    }

    /** Counts the bytes read, so a body cut short can say how much of it arrived. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
