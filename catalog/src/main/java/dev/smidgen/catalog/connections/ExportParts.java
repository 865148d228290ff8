package dev.smidgen.catalog.connections;

/**
 * How an export cuts an object into the parts of a multipart upload: one PutObject up to
 * {@link #SINGLE_PUT_MAX}, else parts of at least {@link #MIN_PART} and large enough that the object
 * fits S3's 10,000 parts, rounded up to a whole MiB.
 */
public final class ExportParts {
    public static final long MIB = 1L << 20;
    /** Objects up to this size go up in one request: one round trip, nothing to abort. */
    public static final long SINGLE_PUT_MAX = 64 * MIB;
    /** Large enough that a multipart export is not thousands of round trips; S3's own minimum is 5 MiB. */
    public static final long MIN_PART = 16 * MIB;
    /** S3's limits: 10,000 parts of at most 5 GiB. */
    public static final int MAX_PARTS = 10_000;

    public static final long MAX_PART = 5L << 30;

    private ExportParts() {}

    /** Whether an object of {@code size} bytes goes up in parts. */
    public static boolean multipart(long size) {
        return size > SINGLE_PUT_MAX;
    }

    /** The part size for an object of {@code size} bytes. */
    public static long partSize(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        long rounded = (needed + MIB - 1) / MIB * MIB;
        long part = Math.max(MIN_PART, rounded);
        if (part > MAX_PART) {
            throw new IllegalArgumentException("An object of " + size + " bytes is larger than S3 stores.");
        }
        return part;
    }

    /** How many parts of {@link #partSize} an object of {@code size} bytes takes. */
    public static int count(long size) {
        long part = partSize(size);
        return (int) ((size + part - 1) / part);
    }
}
