package dev.smidgen.model.uploads;

/**
 * How an upload of a declared length is split into S3 multipart parts: every part but the last has
 * the same size, and no layout breaks S3's limits (at most {@link #MAX_PARTS} parts of
 * {@link #MIN_PART} to {@link #MAX_PART}, at most {@link #MAX_OBJECT} in all). After tusd's
 * {@code calcOptimalPartSize}.
 */
public final class PartSizing {
    public static final long MIB = 1024L * 1024;
    public static final long MIN_PART = 5 * MIB;
    public static final long MAX_PART = 5 * 1024 * MIB;
    public static final int MAX_PARTS = 10_000;
    public static final long MAX_OBJECT = 5 * 1024 * 1024 * MIB;

    private PartSizing() {}

    /**
     * The part size for an upload of {@code declaredLength} bytes: the preferred size, clamped to
     * S3's part limits, unless the upload would then need more than {@link #MAX_PARTS} parts; then
     * the smallest size that fits, rounded up to whole MiB so part boundaries stay readable.
     */
    public static long partSize(long declaredLength, long preferredPartSize) {
        checkLength(declaredLength);
        long preferred = Math.min(Math.max(preferredPartSize, MIN_PART), MAX_PART);
        long fewest = ceilDiv(declaredLength, MAX_PARTS);
        if (fewest <= preferred) {
            return preferred;
        }
        // At most ceil(5 TiB / 10,000) = 525 MiB after rounding, far below MAX_PART.
        return ceilDiv(fewest, MIB) * MIB;
    }

    /** How many parts an upload of {@code length} bytes takes; an empty upload is one empty part. */
    public static int partCount(long length, long partSize) {
        checkLength(length);
        checkPartSize(partSize);
        long count = Math.max(1, ceilDiv(length, partSize));
        if (count > MAX_PARTS) {
            throw new IllegalArgumentException(length + " bytes in parts of " + partSize + " would take " + count
                    + " parts; S3 allows " + MAX_PARTS + ". Use partSize(length, preferred).");
        }
        return (int) count;
    }

    /** The offset of the first byte of part {@code partNumber} (1-based, as S3 numbers parts). */
    public static long partOffset(int partNumber, long partSize) {
        checkPartNumber(partNumber);
        checkPartSize(partSize);
        return (partNumber - 1) * partSize;
    }

    /** The length of part {@code partNumber} (1-based) of an upload of {@code length} bytes: the last may be shorter. */
    public static long partLength(int partNumber, long length, long partSize) {
        int count = partCount(length, partSize);
        if (partNumber > count) {
            throw new IllegalArgumentException("Part " + partNumber + " is past the last part, " + count + ".");
        }
        return Math.min(partSize, length - partOffset(partNumber, partSize));
    }

    private static void checkLength(long length) {
        if (length < 0 || length > MAX_OBJECT) {
            throw new IllegalArgumentException("An upload must be 0 to " + MAX_OBJECT + " bytes, not " + length + ".");
        }
    }

    private static void checkPartSize(long partSize) {
        if (partSize <= 0 || partSize > MAX_PART) {
            throw new IllegalArgumentException("A part must be 1 to " + MAX_PART + " bytes, not " + partSize + ".");
        }
    }

    private static void checkPartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > MAX_PARTS) {
            throw new IllegalArgumentException("Part numbers run from 1 to " + MAX_PARTS + ", not " + partNumber + ".");
        }
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor); // Math.ceilDiv arrived in Java 18
    }
}
