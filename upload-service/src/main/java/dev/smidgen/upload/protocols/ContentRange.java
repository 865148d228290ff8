package dev.smidgen.upload.protocols;

import dev.smidgen.model.SmidgenException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Content-Range} of a resumable PUT: {@code bytes first-last/total} carries bytes,
 * {@code bytes *}{@code /total} asks how far the upload got (the body is empty).
 */
record ContentRange(Long first, Long last, long total) {
    private static final Pattern RANGE = Pattern.compile("bytes (?:(\\d{1,15})-(\\d{1,15})|\\*)/(\\d{1,15})");

    static ContentRange parse(String header) {
        Matcher m = header == null ? null : RANGE.matcher(header.trim());
        if (m == null || !m.matches()) {
            throw SmidgenException.invalid(
                    "Content-Range", "Content-Range must look like 'bytes 0-1048575/5000000' or 'bytes */5000000'.");
        }
        long total = Long.parseLong(m.group(3));
        if (m.group(1) == null) {
            return new ContentRange(null, null, total);
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        if (last < first || last >= total) {
            throw SmidgenException.invalid(
                    "Content-Range", "Content-Range " + header.trim() + " is not a range inside the file.");
        }
        return new ContentRange(first, last, total);
    }

    /** A status query: no bytes, just "where are we". */
    boolean isQuery() {
        return first == null;
    }

    long length() {
        return last - first + 1;
    }
}
