package dev.smidgen.catalog.files;

/** Stored values of {@link FileEntity#status}. */
public final class FileStatus {
    /** The name is reserved and the object is being written. */
    public static final String PROCESSING = "processing";

    public static final String READY = "ready";

    private FileStatus() {}
}
