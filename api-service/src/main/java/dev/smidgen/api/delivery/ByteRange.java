package dev.smidgen.api.delivery;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of a {@code Range: bytes=…} header (RFC 9110 §14). Several ranges or
 * an unreadable header mean "send everything", as the RFC allows; a readable range outside the
 * object is {@link Unsatisfiable} (416).
 */
public record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || last < first) {
                if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                    return Optional.empty(); // syntactically invalid: ignore the header
                }
                throw new Unsatisfiable();
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The requested range lies outside the object. */
    public static final class Unsatisfiable extends RuntimeException {
        public Unsatisfiable() {
            super(null, null, false, false);
        }
    }
}
