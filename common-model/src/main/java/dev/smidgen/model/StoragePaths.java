package dev.smidgen.model;

import java.util.regex.Pattern;

/**
 * Rules for user-chosen folders and filenames (docs/api/contract.md#names-and-folders) and the storage keys
 * and delivery paths built from them.
 */
public final class StoragePaths {
    private static final Pattern FOLDER_SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern FILENAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final int MAX_FILENAME = 255;
    private static final int MAX_FOLDER = 1024;

    private StoragePaths() {}

    /** Validates a folder; null or empty means "no folder". Returns the normalised folder or null. */
    public static String folder(String folder) {
        if (folder == null || folder.isEmpty()) {
            return null;
        }
        if (folder.length() > MAX_FOLDER) {
            throw SmidgenException.invalid("folder", "folder must be at most " + MAX_FOLDER + " characters.");
        }
        if (folder.startsWith("/") || folder.endsWith("/")) {
            throw SmidgenException.invalid("folder", "folder must not start or end with '/'.");
        }
        for (String segment : folder.split("/", -1)) {
            if (!FOLDER_SEGMENT.matcher(segment).matches()) {
                throw SmidgenException.invalid(
                        "folder", "folder segments must be non-empty and use only letters, digits, '_' and '-'.");
            }
        }
        return folder;
    }

    /** Validates a filename; null means "choose one". */
    public static String filename(String filename) {
        if (filename == null) {
            return null;
        }
        if (filename.isEmpty() || filename.length() > MAX_FILENAME) {
            throw SmidgenException.invalid("filename", "filename must be 1 to " + MAX_FILENAME + " characters.");
        }
        if (!FILENAME.matcher(filename).matches()) {
            throw SmidgenException.invalid(
                    "filename", "filename may use letters, digits, '_' and '-', with one '.' before the extension.");
        }
        return filename;
    }

    /**
     * Validates a file label (e.g. {@code poster}); labels become top-level URL keys of a Media, so
     * they are short lowercase identifiers. Null means "no label given".
     */
    public static String label(String label) {
        if (label != null && !LABEL.matcher(label).matches()) {
            throw SmidgenException.invalid("label", "label must be 1 to 64 lowercase letters, digits, '_' or '-'.");
        }
        return label;
    }

    /** The object key of a file: {@code {project}/{folder}/{filename}}. */
    public static String storageKey(String projectId, String folder, String filename) {
        return folder == null ? projectId + "/" + filename : projectId + "/" + folder + "/" + filename;
    }

    /** The part of a storage key after the project: what delivery URLs carry. */
    public static String relativePath(String folder, String filename) {
        return folder == null ? filename : folder + "/" + filename;
    }
}
