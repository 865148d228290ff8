package dev.smidgen.media.process;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last bytes a process wrote to a stream, within a fixed byte budget, rendered as its last lines.
 * FFmpeg can write megabytes of decoder complaints to stderr; only the end explains why it stopped.
 */
final class OutputTail {
    static final String OMITTED_MARKER = "...";

    private final byte[] ring;
    private final int maxLines;
    private long total;

    OutputTail(int maxBytes, int maxLines) {
        this.ring = new byte[maxBytes];
        this.maxLines = maxLines;
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        if (length >= ring.length) {
            // Only the newest ring.length bytes can survive, so copy just those.
            int skip = length - ring.length;
            total += skip;
            offset += skip;
            length = ring.length;
        }
        int position = (int) (total % ring.length);
        int first = Math.min(length, ring.length - position);
        System.arraycopy(bytes, offset, ring, position, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        total += length;
    }

    /** The kept lines, oldest first, without a trailing newline; starts with "..." when output was dropped. */
    synchronized String text() {
        boolean truncatedBytes = total > ring.length;
        byte[] ordered;
        if (truncatedBytes) {
            int position = (int) (total % ring.length);
            ordered = new byte[ring.length];
            System.arraycopy(ring, position, ordered, 0, ring.length - position);
            System.arraycopy(ring, 0, ordered, ring.length - position, position);
        } else {
            ordered = Arrays.copyOf(ring, (int) total);
        }
        String text = new String(ordered, StandardCharsets.UTF_8)
                .replace("\r\n", "\n")
                .replace('\r', '\n');
        String[] lines = text.split("\n");
        // A cut through the byte budget leaves a partial first line: drop it rather than show half a message.
        int from = truncatedBytes && lines.length > 1 ? 1 : 0;
        int to = lines.length;
        while (to > from && lines[to - 1].isBlank()) {
            to--;
        }
        boolean omitted = truncatedBytes;
        if (to - from > maxLines) {
            from = to - maxLines;
            omitted = true;
        }
        String kept = String.join("\n", Arrays.asList(lines).subList(from, to));
        return omitted ? OMITTED_MARKER + "\n" + kept : kept;
    }
}
