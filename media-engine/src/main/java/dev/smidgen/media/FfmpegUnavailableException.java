package dev.smidgen.media;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;

/** The bundled FFmpeg cannot run on this machine (natives not extractable or a system library missing). */
public final class FfmpegUnavailableException extends SmidgenException {
    public FfmpegUnavailableException(String message, Throwable cause) {
        // Not transient: retrying on the same machine fails the same way until it is fixed.
        super(ErrorCode.INTERNAL, message, null, false, cause);
    }
}
