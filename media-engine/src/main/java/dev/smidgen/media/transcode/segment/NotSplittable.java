package dev.smidgen.media.transcode.segment;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;

/**
 * An input or request that is not split into segments: no usable timestamps, more ranges than a plan may
 * hold, a timeline past what the segment containers carry. Permanent ({@link ErrorCode#CONVERSION_NOT_ALLOWED}
 * with a stable message), so that a caller falls back to one unsplit conversion, which does not depend on any
 * of these, instead of retrying.
 */
public final class NotSplittable extends SmidgenException {
    private static final long serialVersionUID = 1L;

    public NotSplittable(String reason) {
        super(ErrorCode.CONVERSION_NOT_ALLOWED, "The video cannot be encoded in segments: " + reason);
    }
}
