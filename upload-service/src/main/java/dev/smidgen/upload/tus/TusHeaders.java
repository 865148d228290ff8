package dev.smidgen.upload.tus;

import dev.smidgen.model.SmidgenException;
import java.util.regex.Pattern;

/** Header names and fixed values of tus 1.0.0, and the parsing of its numeric headers. */
public final class TusHeaders {
    public static final String VERSION = "1.0.0";
    public static final String TUS_RESUMABLE = "Tus-Resumable";
    public static final String TUS_VERSION = "Tus-Version";
    public static final String TUS_EXTENSION = "Tus-Extension";
    public static final String TUS_MAX_SIZE = "Tus-Max-Size";
    public static final String TUS_CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";
    public static final String UPLOAD_OFFSET = "Upload-Offset";
    public static final String UPLOAD_LENGTH = "Upload-Length";
    public static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
    public static final String UPLOAD_METADATA = "Upload-Metadata";
    public static final String UPLOAD_EXPIRES = "Upload-Expires";
    public static final String UPLOAD_CHECKSUM = "Upload-Checksum";
    public static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
    /** The Media a finished upload became (tus itself has no way to say it). */
    public static final String MEDIA_ID = "Smidgen-Media-Id";
    /** The ingest task of a finished upload whose ingest outlasted the request. */
    public static final String TASK_ID = "Smidgen-Task-Id";
    /** The only body type of PATCH (and of a POST that creates with upload). */
    public static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    /** Extensions in the order of the spec; {@code creation-defer-length} and {@code concatenation} are not offered. */
    public static final String EXTENSIONS = "creation,creation-with-upload,termination,expiration,checksum";

    private static final Pattern DIGITS = Pattern.compile("0|[1-9][0-9]{0,17}");

    private TusHeaders() {}

    /** A non-negative byte count or offset; anything else (signs, spaces, fractions, overflow) is a 400 naming the header. */
    public static long parseCount(String value, String header) {
        if (value == null) {
            throw SmidgenException.invalid(header, header + " is required.");
        }
        String trimmed = value.trim();
        if (!DIGITS.matcher(trimmed).matches()) {
            throw SmidgenException.invalid(
                    header, header + " must be a whole number of bytes, not '" + shorten(trimmed) + "'.");
        }
        return Long.parseLong(trimmed);
    }

    /** True when a Content-Type is {@code application/offset+octet-stream} (parameters ignored). */
    public static boolean isOffsetStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return OFFSET_OCTET_STREAM.equalsIgnoreCase(type);
    }

    static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
