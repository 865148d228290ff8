package dev.smidgen.media;

import dev.smidgen.media.process.FfmpegFailure;
import dev.smidgen.model.ErrorCode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is to blame when an FFmpeg run reading a store URL fails: the store (the object is gone, the
 * connection broke or was refused, the URL expired) or, as for a local file, the medium or FFmpeg. A
 * storage failure must never pass for a bad medium: that would fail an ingest for good and delete the
 * client's upload over a network blip.
 *
 * <p>FFmpeg's network layers ({@code [tcp @ …]}, {@code [http @ …]}, …) report at warning level each
 * connection they lose and pick up again; those runs log warnings ({@link MediaInput#logLevel()}), so a
 * lost connection shows in the stderr tail even when the demuxer then reports only a short read.
 */
public final class StoreReadFault {
    private static final Pattern GONE = Pattern.compile("Server returned 404|HTTP error 404");
    private static final Pattern NETWORK = Pattern.compile("\\[(?:tcp|tls|http|https) @|Server returned|HTTP error"
            + "|Connection refused|Connection reset|Connection timed out|Network is unreachable|No route to host"
            + "|Failed to resolve hostname|Stream ends prematurely");

    private StoreReadFault() {}

    /**
     * {@code failure} re-classified as the store's: {@code NOT_FOUND} when the object is gone, a transient
     * {@code UNAVAILABLE} for any other network trouble (another try gets a fresh URL and connection).
     * Empty when {@code input} is a local file or nothing in the run's stderr points at the network.
     */
    public static Optional<FfmpegFailure> of(MediaInput input, FfmpegFailure failure) {
        if (!input.isRemote() || failure.reason() != FfmpegFailure.Reason.EXIT_STATUS) {
            return Optional.empty();
        }
        String stderr = failure.stderrTail();
        if (GONE.matcher(stderr).find()) {
            return Optional.of(failure.as(ErrorCode.NOT_FOUND, "The stored media is gone."));
        }
        if (NETWORK.matcher(stderr).find()) {
            return Optional.of(failure.asTransient(ErrorCode.UNAVAILABLE, "Reading the media from storage failed."));
        }
        return Optional.empty();
    }
}
