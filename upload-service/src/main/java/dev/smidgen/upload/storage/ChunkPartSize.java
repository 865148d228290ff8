package dev.smidgen.upload.storage;

import dev.smidgen.model.uploads.PartSizing;
import java.util.OptionalLong;

/**
 * The S3 part size that suits a client sending a file in chunks of equal size (a tus client's
 * {@code chunkSize}, a {@code Content-Range} client's step): a whole number of chunks, so that requests
 * end on part boundaries. A request that ends inside a part must store that part's bytes so far as a
 * tail object, and the next one read them back; with parts of one chunk (chunks of 5 MiB and more)
 * no request does, and with parts of a few small chunks the tails stay small.
 *
 * <p>Chosen from the first request of a session, before anything is stored, whose length is taken as
 * the client's chunk size. Other chunk sizes later only cost tails again: correctness never depends on
 * the guess.
 */
final class ChunkPartSize {
    private ChunkPartSize() {}

    /**
     * The smallest multiple of {@code chunk} that S3 takes as a part of a {@code declaredLength}-byte
     * file (at least 5 MiB, few enough for 10,000 parts, at most 5 GiB); empty when the chunk is the
     * whole file (the request is not a chunk) or no multiple fits.
     */
    static OptionalLong of(long declaredLength, long chunk) {
        if (chunk <= 0 || chunk >= declaredLength) {
            return OptionalLong.empty();
        }
        long floor = Math.max(PartSizing.MIN_PART, ceilDiv(declaredLength, PartSizing.MAX_PARTS));
        long size = ceilDiv(floor, chunk) * chunk;
        return size <= PartSizing.MAX_PART ? OptionalLong.of(size) : OptionalLong.empty();
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}
