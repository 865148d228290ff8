package dev.smidgen.media;

import dev.smidgen.media.probe.Demuxer;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where FFmpeg reads a medium from: a file on this machine, or an object in the store reached through a
 * presigned GET URL, so that neither case needs a copy of the bytes first.
 *
 * <p>URLs are only ever ones the object store issued for an object Smidgen already holds: a client's URL
 * is fetched by the ingest worker's guarded fetcher, never handed to FFmpeg. So FFmpeg may use the network
 * for such an input, and for nothing else: a local file is read under {@code -protocol_whitelist file},
 * a store URL under {@code http,https,tcp,tls}, and every input under the demuxer allow-list of
 * {@link Demuxer}, so no byte of a medium can make FFmpeg open anything else.
 */
public sealed interface MediaInput permits MediaInput.LocalFile, MediaInput.StoreUrl {

    /** A file on this machine. */
    static MediaInput file(Path path) {
        return new LocalFile(path);
    }

    /**
     * An object read over HTTP(S) from the store that issued {@code url}.
     *
     * @param size the object's size in bytes, which the store knows (ffprobe would only guess it)
     */
    static MediaInput storeUrl(String url, long size) {
        return new StoreUrl(url, size);
    }

    /** The argument of {@code -i}. */
    String ffmpegInput();

    /** The options that must precede {@code -i}: they apply to this input only. */
    List<String> inputOptions();

    /**
     * FFmpeg's log level for a run reading this input: store URLs log warnings too, because only at that
     * level does FFmpeg's HTTP client say that it lost and retried the connection (see {@link StoreReadFault}).
     */
    String logLevel();

    /** The medium's size in bytes. */
    long size();

    /** Whether FFmpeg reads this over the network. */
    boolean isRemote();

    /** A local file, named to FFmpeg with the {@code file:} protocol. */
    record LocalFile(Path path) implements MediaInput {
        public LocalFile {
            Objects.requireNonNull(path, "path");
        }

        /** @throws IllegalArgumentException for a name the image2 demuxer would misread (see {@link FfmpegCommands#input}) */
        @Override
        public String ffmpegInput() {
            return FfmpegCommands.input(path);
        }

        @Override
        public List<String> inputOptions() {
            return FfmpegCommands.inputOptions();
        }

        @Override
        public String logLevel() {
            return "error";
        }

        /** @throws SmidgenException {@code INTERNAL} when the file is missing or unreadable (transient for the latter) */
        @Override
        public long size() {
            if (!Files.isRegularFile(path)) {
                throw new SmidgenException(ErrorCode.INTERNAL, "The media file to read does not exist.");
            }
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw SmidgenException.transientFailure(
                        ErrorCode.INTERNAL, "The media file to read cannot be read.", e);
            }
        }

        @Override
        public boolean isRemote() {
            return false;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * A presigned GET URL of the object store. Its query string is a credential: {@link #toString()} leaves
     * it out, and the runner removes it from every logged command line and stderr tail.
     */
    record StoreUrl(String url, long size) implements MediaInput {
        /** How long FFmpeg waits on a silent connection before it reconnects or fails (microseconds). */
        static final String READ_TIMEOUT_MICROS = "30000000";
        /** Longest wait between reconnection attempts, in seconds; the worker retries the whole run after that. */
        static final String RECONNECT_DELAY_MAX_SECONDS = "4";

        public StoreUrl {
            Objects.requireNonNull(url, "url");
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Not a URL: " + redact(url), e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("A store URL is http(s) with a host: " + redact(url));
            }
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
        }

        @Override
        public String ffmpegInput() {
            return url;
        }

        @Override
        public List<String> inputOptions() {
            return List.of(
                    "-protocol_whitelist",
                    "http,https,tcp,tls",
                    "-format_whitelist",
                    Demuxer.formatWhitelist(),
                    // A dropped or stalled connection is picked up again where it stopped (a Range request)
                    // rather than ending the input early, which would look like a truncated medium.
                    "-rw_timeout",
                    READ_TIMEOUT_MICROS,
                    "-reconnect",
                    "1",
                    "-reconnect_on_network_error",
                    "1",
                    "-reconnect_delay_max",
                    RECONNECT_DELAY_MAX_SECONDS);
        }

        @Override
        public String logLevel() {
            return "warning";
        }

        @Override
        public boolean isRemote() {
            return true;
        }

        /** The URL without its query string (the signature and credential scope). */
        @Override
        public String toString() {
            return redact(url);
        }

        /** {@code url} with everything from the {@code ?} on replaced, so that it can be logged. */
        public static String redact(String url) {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query) + "?<redacted>";
        }
    }
}
