package dev.smidgen.upload.protocols;

import dev.smidgen.catalog.storage.BlockInputStream;
import dev.smidgen.model.SmidgenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body part by part as it arrives, so a file field of any size
 * streams through a fixed buffer instead of being collected in memory or on disk first.
 */
final class MultipartFormStream {
    private static final int BUFFER = 256 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Pattern BOUNDARY =
            Pattern.compile("boundary=(?:\"([^\"]{1,70})\"|([^;,\\s]{1,70}))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME =
            Pattern.compile("(?:^|;)\\s*filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private final InputStream in;
    private final byte[] delimiter;
    /** Horspool's shifts: how far the delimiter may move on, by the byte under its last position. */
    private final int[] shift = new int[256];

    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;
    private boolean finished;
    private PartBody current;
    /** Bytes read from the request so far. */
    private long read;

    /** One field of the form; read {@code body} to its end before asking for the next part. */
    record Part(String name, String filename, String contentType, InputStream body) {}

    private MultipartFormStream(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
        this.buf = new byte[BUFFER + delimiter.length + 4];
        // The first boundary has no CRLF before it; pretend it has, so every delimiter looks the same.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** A reader for a request with this {@code Content-Type}; 400 when it is not multipart with a boundary. */
    static MultipartFormStream of(InputStream body, String contentType) {
        Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (m == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || !m.find()) {
            throw SmidgenException.invalid(
                    "Content-Type", "A simple upload is a multipart/form-data POST with the file in the field 'file'.");
        }
        return new MultipartFormStream(body, m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** The next part, or null after the last one. */
    Part next() throws IOException {
        if (!started) {
            started = true;
            new PartBody().transferTo(OutputStream.nullOutputStream()); // the preamble, usually empty
        } else if (current != null) {
            current.transferTo(OutputStream.nullOutputStream());
        }
        if (finished) {
            return null;
        }
        String headers = readHeaders();
        String disposition = header(headers, "content-disposition");
        if (disposition == null) {
            throw malformed("a part has no Content-Disposition");
        }
        current = new PartBody();
        return new Part(
                match(NAME, disposition), match(FILENAME, disposition), header(headers, "content-type"), current);
    }

    /**
     * The bytes of the current part's body still to come, if it is the form's last part and the form
     * ends the way browsers and curl end it (the closing delimiter, "--" and CRLF): the request's
     * {@code contentLength} less what was read so far and that ending. Null without a Content-Length.
     * Only an estimate: a part followed by other fields is shorter.
     */
    Long lengthIfLast(Long contentLength) {
        if (contentLength == null || current == null) {
            return null;
        }
        long before = read - (lim - pos); // what was read, less what waits in the buffer
        long length = contentLength - before - delimiter.length - 4;
        return length >= 0 ? length : null;
    }

    /** After a delimiter: "--" ends the body, CRLF starts a part's headers. */
    private boolean afterDelimiter() throws IOException {
        ensure(2);
        if (lim - pos < 2) {
            throw malformed("the body ends inside a boundary");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return false;
        }
        // RFC 2046 allows whitespace after the boundary before the CRLF.
        while (true) {
            ensure(2);
            if (lim - pos < 2) {
                throw malformed("the body ends inside a boundary");
            }
            if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return true;
            }
            if (buf[pos] != ' ' && buf[pos] != '\t') {
                throw malformed("a boundary is followed by junk");
            }
            pos++;
        }
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (true) {
            ensure(4);
            if (lim - pos < 4) {
                throw malformed("the body ends inside a part's headers");
            }
            if (buf[pos] == '\r' && buf[pos + 1] == '\n' && buf[pos + 2] == '\r' && buf[pos + 3] == '\n') {
                pos += 4;
                return headers.toString(StandardCharsets.UTF_8);
            }
            headers.write(buf[pos++]);
            if (headers.size() > MAX_HEADER_BYTES) {
                throw malformed("a part's headers are too long");
            }
        }
    }

    private static String header(String block, String name) {
        for (String line : ("\r\n" + block).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String match(Pattern p, String value) {
        Matcher m = p.matcher(value);
        return m.find() ? m.group(1) : null;
    }

    /** Makes at least {@code n} bytes available after {@code pos}, unless the stream ends first. */
    private void ensure(int n) throws IOException {
        if (lim - pos >= n || eof) {
            return;
        }
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
        while (lim - pos < n && !eof) {
            int got = in.read(buf, lim, buf.length - lim);
            if (got < 0) {
                eof = true;
            } else {
                lim += got;
                read += got;
            }
        }
    }

    private static SmidgenException malformed(String why) {
        return SmidgenException.invalid("body", "The multipart/form-data body is malformed: " + why + ".");
    }

    /** The bytes of one part, ending where the next delimiter starts. */
    private final class PartBody extends BlockInputStream {
        private boolean ended;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            ensure(delimiter.length + 1);
            int at = indexOfDelimiter();
            int available;
            if (at >= 0) {
                available = at - pos;
                if (available == 0) {
                    pos += delimiter.length;
                    ended = true;
                    current = null;
                    afterDelimiter();
                    return -1;
                }
            } else if (eof) {
                throw malformed("the body ends without its closing boundary");
            } else {
                // Bytes that cannot be the start of a delimiter are safe to hand out now.
                available = lim - pos - (delimiter.length - 1);
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        /**
         * The first delimiter in the buffer, or -1. Horspool's search: it mostly looks at one byte in
         * every delimiter length (40 or more) rather than at each, and a form's body is mostly its file.
         */
        private int indexOfDelimiter() {
            int m = delimiter.length;
            byte lastByte = delimiter[m - 1];
            for (int i = pos; i <= lim - m; i += shift[buf[i + m - 1] & 0xff]) {
                if (buf[i + m - 1] == lastByte && matchesAt(i)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean matchesAt(int i) {
            for (int j = 0; j < delimiter.length - 1; j++) {
                if (buf[i + j] != delimiter[j]) {
                    return false;
                }
            }
            return true;
        }
    }
}
