package dev.smidgen.ingest;

/** The title a new media item gets when the request named none. */
final class MediaTitle {
    /** As many characters as the API accepts in a title. */
    static final int MAX_LENGTH = 255;

    private MediaTitle() {}

    /**
     * The requested title; else the name the client gave the uploaded file, which is what a person
     * recognises; else the stored filename; else the file id (a file detached from any path).
     */
    static String of(String title, String originalFilename, String filename, String fileId) {
        if (title != null) {
            return title;
        }
        String clientName = clientName(originalFilename);
        if (clientName != null) {
            return clientName;
        }
        return filename != null ? filename : fileId;
    }

    /**
     * A client's file name made fit for a title: only its last path segment (some browsers send
     * {@code C:\fakepath\...}), no control characters, at most {@link #MAX_LENGTH} characters; null
     * when nothing is left.
     */
    static String clientName(String name) {
        if (name == null) {
            return null;
        }
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        last.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        String stripped = clean.toString().strip();
        if (stripped.isEmpty()) {
            return null;
        }
        if (stripped.length() > MAX_LENGTH) {
            // Never cut a surrogate pair in half.
            int end = Character.isHighSurrogate(stripped.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
            stripped = stripped.substring(0, end).strip();
        }
        return stripped;
    }
}
