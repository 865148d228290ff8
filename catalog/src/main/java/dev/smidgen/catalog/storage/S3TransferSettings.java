package dev.smidgen.catalog.storage;

import dev.smidgen.model.uploads.PartSizing;

/**
 * How the S3 store moves big objects, checked against S3's limits (5 GiB for one PutObject or
 * CopyObject, 10,000 parts of 5 MiB to 5 GiB, 5 TiB an object).
 *
 * @param multipartThreshold files up to this size go up in one PutObject, bigger ones in parts
 * @param partSize preferred part size; {@link PartSizing} makes it bigger when a file would need more than 10,000 parts
 * @param partsInFlight parts of one upload or copy sent side by side
 * @param copyThreshold objects up to this size are copied with one CopyObject, bigger ones part by part
 * @param copyPartSize preferred part size of such a copy: the server moves the bytes, so big parts only save requests
 * @param streamedPutMax a file stored while it is written (a URL ingest) whose final size is known up to this size
 *     goes up as one streamed PutObject; bigger, or of unknown size, as a multipart upload fed part by part (0: always)
 */
public record S3TransferSettings(
        long multipartThreshold,
        long partSize,
        int partsInFlight,
        long copyThreshold,
        long copyPartSize,
        long streamedPutMax) {
    /** The largest single PutObject or CopyObject S3 accepts. */
    public static final long MAX_SINGLE_REQUEST = PartSizing.MAX_PART;

    private static final long COPY_PART_SIZE = 512 * PartSizing.MIB;
    private static final int MAX_PARTS_IN_FLIGHT = 64;

    public S3TransferSettings {
        if (multipartThreshold < 0 || multipartThreshold > MAX_SINGLE_REQUEST) {
            throw new IllegalArgumentException(
                    "smidgen.s3.multipart-threshold must be 0 to 5G (S3's largest PutObject), not "
                            + multipartThreshold);
        }
        checkPartSize("smidgen.s3.part-size", partSize);
        checkPartSize("the copy part size", copyPartSize);
        if (partsInFlight < 1 || partsInFlight > MAX_PARTS_IN_FLIGHT) {
            throw new IllegalArgumentException(
                    "smidgen.s3.parts-in-flight must be 1 to " + MAX_PARTS_IN_FLIGHT + ", not " + partsInFlight);
        }
        if (streamedPutMax < 0 || streamedPutMax > MAX_SINGLE_REQUEST) {
            throw new IllegalArgumentException(
                    "smidgen.s3.streamed-put-max must be 0 to 5G (S3's largest PutObject), not " + streamedPutMax);
        }
        if (copyThreshold < 0 || copyThreshold > MAX_SINGLE_REQUEST) {
            throw new IllegalArgumentException(
                    "The copy threshold must be 0 to 5G (S3's largest CopyObject), not " + copyThreshold);
        }
    }

    static S3TransferSettings of(S3Config config) {
        return new S3TransferSettings(
                config.multipartThreshold().asLongValue(),
                config.partSize().asLongValue(),
                config.partsInFlight(),
                MAX_SINGLE_REQUEST,
                COPY_PART_SIZE,
                config.streamedPutMax().asLongValue());
    }

    private static void checkPartSize(String what, long size) {
        if (size < PartSizing.MIN_PART || size > PartSizing.MAX_PART) {
            throw new IllegalArgumentException(what + " must be 5M to 5G (S3's part limits), not " + size);
        }
    }
}
