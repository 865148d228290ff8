package dev.smidgen.media.decode;

import dev.smidgen.media.MediaInput;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The bytes of a {@link MediaInput} for code that reads a file's structure itself rather than through
 * FFmpeg (an animated WebP, which FFmpeg cannot decode): a local file as it is, a store URL (which the
 * store issued for an object it holds, see {@link MediaInput}) by a plain GET. Storage trouble is a
 * transient {@link ErrorCode#UNAVAILABLE}, a missing object {@link ErrorCode#NOT_FOUND}, as for FFmpeg's reads.
 */
public final class MediaBytes {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private MediaBytes() {}

    /** The first {@code n} bytes (fewer for a shorter medium). */
    static byte[] head(MediaInput media, int n) {
        try (InputStream in = open(media)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw unreadable(media, e);
        }
    }

    /** The medium as a stream from its first byte; the caller closes it. */
    public static InputStream open(MediaInput media) throws IOException {
        if (media instanceof MediaInput.LocalFile local) {
            return Files.newInputStream(local.path());
        }
        MediaInput.StoreUrl store = (MediaInput.StoreUrl) media;
        HttpRequest request = HttpRequest.newBuilder(URI.create(store.url()))
                .timeout(READ_TIMEOUT)
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            if (response.statusCode() == 404) {
                throw new SmidgenException(ErrorCode.NOT_FOUND, "The stored media is gone.");
            }
            throw new IOException("the store answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * {@code media} as a local file: a local one as it is, a store URL's object copied to {@code copy}
     * (at most {@link MediaInput#size()} bytes: a longer answer is not the object asked for).
     */
    static Path local(MediaInput media, Path copy) {
        if (media instanceof MediaInput.LocalFile local) {
            return local.path();
        }
        long expected = media.size();
        try (InputStream in = open(media);
                OutputStream out = Files.newOutputStream(copy)) {
            long copied = in.transferTo(new LimitedOutput(out, expected));
            if (copied != expected) {
                throw new IOException("read " + copied + " of " + expected + " bytes");
            }
            return copy;
        } catch (IOException e) {
            throw unreadable(media, e);
        }
    }

    private static SmidgenException unreadable(MediaInput media, IOException e) {
        if (media.isRemote()) {
            return SmidgenException.transientFailure(
                    ErrorCode.UNAVAILABLE, "Reading the media from storage failed.", e);
        }
        return SmidgenException.transientFailure(ErrorCode.INTERNAL, "The media file cannot be read.", e);
    }

    /** Fails a copy that grows past the size the store stated. */
    private static final class LimitedOutput extends OutputStream {
        private final OutputStream out;
        private final long limit;
        private long written;

        LimitedOutput(OutputStream out, long limit) {
            this.out = out;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > limit) {
                throw new IOException("the object is larger than " + limit + " bytes");
            }
            out.write(b, off, len);
            written += len;
        }
    }
}
