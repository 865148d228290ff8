package dev.smidgen.catalog.connections;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a connection's S3 API is: the endpoint a client gave (an http or https URL of a host and
 * optional port, nothing more), or AWS in the connection's region when it gave none.
 */
public final class ConnectionEndpoint {
    /** AWS region names and the like of other providers ("eu-west-1", "auto", "fr-par"). */
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private ConnectionEndpoint() {}

    /**
     * The endpoint as stored: {@code raw} checked on field {@code endpoint}, without a trailing slash;
     * null stays null (AWS).
     *
     * @throws SmidgenException {@code invalid_request} on {@code endpoint}
     */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        URI uri = new AddressGuard(true).checkUrl(raw, "endpoint");
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw SmidgenException.invalid(
                    "endpoint", "endpoint must be the URL of the S3 service alone, without a path or query.");
        }
        String text = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
        return text;
    }

    /** {@code raw}, a region name, checked on field {@code region}. */
    public static String region(String raw) {
        if (raw == null || !REGION.matcher(raw).matches()) {
            throw SmidgenException.invalid("region", "region must name the bucket's region, such as us-east-1.");
        }
        return raw;
    }

    /** The URI a client for {@code connection} talks to. */
    public static URI of(ConnectionEntity connection) {
        return URI.create(
                connection.endpoint != null
                        ? connection.endpoint
                        : "https://s3." + connection.region + ".amazonaws.com");
    }
}
