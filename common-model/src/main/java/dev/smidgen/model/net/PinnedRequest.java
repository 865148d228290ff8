package dev.smidgen.model.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.BasicHttpClientConnectionManager;

/**
 * One HTTP request to a URL whose host {@link AddressGuard#resolveAndCheck} vetted, connected to exactly
 * those addresses. The connection never resolves the name again, so a name that answers a public
 * address to the check and an internal one a moment later (DNS rebinding) still reaches the public
 * one. The URL keeps its host name, so the Host header, TLS SNI and the certificate check all use it
 * as usual.
 *
 * <p>Nothing is shared between requests: no pool, no proxy, no cookies, no retries, no redirects
 * (callers check each hop themselves), no transparent decompression (the bytes read are the bytes
 * sent). Closing hangs up without reading the rest of the body.
 */
public final class PinnedRequest implements Closeable {
    private final CloseableHttpClient client;
    private final HttpRequestBase request;
    private CloseableHttpResponse response;

    private PinnedRequest(CloseableHttpClient client, HttpRequestBase request) {
        this.client = client;
        this.request = request;
    }

    /**
     * Sends {@code request}, connecting only to {@code vetted}, and returns once the response head arrived.
     *
     * @param vetted what the guard resolved the request URL's host to
     */
    public static PinnedRequest send(
            HttpRequestBase request, List<InetAddress> vetted, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        BasicHttpClientConnectionManager connections = new BasicHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", SSLConnectionSocketFactory.getSocketFactory())
                        .build(),
                null,
                null,
                pinnedTo(request.getURI().getHost(), vetted));
        int connect = millis(connectTimeout);
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(millis(readTimeout))
                        .setConnectionRequestTimeout(connect)
                        .setRedirectsEnabled(false)
                        .setContentCompressionEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableContentCompression()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        PinnedRequest pinned = new PinnedRequest(client, request);
        try {
            pinned.response = client.execute(request);
            return pinned;
        } catch (IOException | RuntimeException e) {
            pinned.close();
            throw e;
        }
    }

    public HttpResponse response() {
        return response;
    }

    /** The only answer the connection may get for its host: the vetted addresses, nothing for any other name. */
    private static DnsResolver pinnedTo(String host, List<InetAddress> vetted) {
        String pinned = bare(host);
        InetAddress[] addresses = vetted.toArray(InetAddress[]::new);
        return name -> {
            if (name != null && bare(name).equals(pinned)) {
                return addresses.clone();
            }
            throw new UnknownHostException(name);
        };
    }

    private static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    /** Hangs up: aborting first keeps closing the body from reading the rest of it. */
    @Override
    public void close() {
        request.abort();
        try {
            if (response != null) {
                response.close();
            }
            client.close();
        } catch (IOException ignored) {
            // The connection is being dropped anyway.
        }
    }
}
