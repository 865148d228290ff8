package dev.smidgen.ingest.fetch;

import java.net.URI;

/**
 * A source fetched to a local file. A staged upload has no headers or URL: those fields are null for it.
 *
 * @param size              bytes written
 * @param sha256            lower-case hex SHA-256 of those bytes
 * @param contentType       the source's Content-Type header, or null
 * @param finalUrl          the URL that answered after redirects
 * @param suggestedFilename the Content-Disposition filename or the final URL's last path segment, or null
 */
public record FetchResult(long size, String sha256, String contentType, URI finalUrl, String suggestedFilename) {}
