package dev.smidgen.media.decode;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes full-canvas RGBA frames as an animated PNG whose every frame carries its own delay in
 * milliseconds: the intermediate that FFmpeg reads (its {@code apng} demuxer is on the allow-list of
 * dev.smidgen.media.probe.Demuxer) with each frame's duration as a packet duration, so variable frame
 * timing survives, the last frame's included. One frame and no delay make a plain PNG.
 *
 * <p>Rows are unfiltered and deflated at the fastest level: the file lives only as long as the conversion,
 * so writing speed matters more than its size, which is bounded by the caller all the same.
 */
final class ApngWriter implements Closeable {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Compressed bytes per IDAT / fdAT chunk: frames are streamed out, never held whole. */
    private static final int CHUNK_BYTES = 64 << 10;

    private final OutputStream out;
    private final int width;
    private final int height;
    private final int frames;
    private final boolean animated;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private int written;
    private int sequence;
    private long bytes;

    private ApngWriter(Path file, int width, int height, int frames, boolean animated) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.animated = animated;
        out.write(SIGNATURE);
        bytes += SIGNATURE.length;
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        int32(ihdr, width);
        int32(ihdr, height);
        ihdr.write(8); // bits per channel
        ihdr.write(6); // RGBA
        ihdr.write(0);
        ihdr.write(0);
        ihdr.write(0);
        chunk("IHDR", ihdr.toByteArray());
        if (animated) {
            ByteArrayOutputStream actl = new ByteArrayOutputStream();
            int32(actl, frames);
            int32(actl, 0); // loop forever; FFmpeg's demuxer plays it once regardless
            chunk("acTL", actl.toByteArray());
        }
    }

    /** An animated PNG of exactly {@code frames} frames of {@code width} × {@code height}. */
    static ApngWriter animation(Path file, int width, int height, int frames) throws IOException {
        if (frames < 1) {
            throw new IllegalArgumentException("an animation has at least one frame");
        }
        return new ApngWriter(file, width, height, frames, true);
    }

    /** A plain PNG of one picture. */
    static void still(Path file, int width, int height, int[] argb) throws IOException {
        try (ApngWriter png = new ApngWriter(file, width, height, 1, false)) {
            png.frame(argb, 0);
        }
    }

    /** Bytes written so far. */
    long bytes() {
        return bytes;
    }

    /**
     * Appends a frame shown for {@code durationMillis} (ignored in a plain PNG).
     *
     * @param argb the canvas, non-premultiplied ARGB in rows of the width
     */
    void frame(int[] argb, int durationMillis) throws IOException {
        if (written >= frames) {
            throw new IllegalStateException("all " + frames + " frames are written");
        }
        if (argb.length != width * height) {
            throw new IllegalArgumentException("a frame is " + width + "x" + height);
        }
        if (animated) {
            ByteArrayOutputStream fctl = new ByteArrayOutputStream();
            int32(fctl, sequence++);
            int32(fctl, width);
            int32(fctl, height);
            int32(fctl, 0);
            int32(fctl, 0);
            int[] delay = delay(durationMillis);
            int16(fctl, delay[0]);
            int16(fctl, delay[1]);
            fctl.write(0); // dispose: none
            fctl.write(0); // blend: source, every frame is the whole canvas
            chunk("fcTL", fctl.toByteArray());
        }
        boolean first = written == 0;
        deflater.reset();
        byte[] row = new byte[1 + width * 4];
        byte[] buffer = new byte[CHUNK_BYTES];
        ByteArrayOutputStream pending = new ByteArrayOutputStream(CHUNK_BYTES + 1024);
        for (int y = 0; y < height; y++) {
            int at = y * width;
            for (int x = 0, i = 1; x < width; x++, i += 4) {
                int p = argb[at + x];
                row[i] = (byte) (p >> 16);
                row[i + 1] = (byte) (p >> 8);
                row[i + 2] = (byte) p;
                row[i + 3] = (byte) (p >>> 24);
            }
            deflater.setInput(row);
            drain(buffer, pending, first, false);
        }
        deflater.finish();
        drain(buffer, pending, first, true);
        written++;
    }

    /** Moves deflated bytes to chunks of {@link #CHUNK_BYTES}, and the rest too when {@code last}. */
    private void drain(byte[] buffer, ByteArrayOutputStream pending, boolean first, boolean last) throws IOException {
        while (last ? !deflater.finished() : !deflater.needsInput()) {
            int n = deflater.deflate(buffer);
            pending.write(buffer, 0, n);
            if (pending.size() >= CHUNK_BYTES) {
                data(pending.toByteArray(), first);
                pending.reset();
            }
        }
        if (last && pending.size() > 0) {
            data(pending.toByteArray(), first);
            pending.reset();
        }
    }

    private void data(byte[] compressed, boolean first) throws IOException {
        if (first || !animated) {
            chunk("IDAT", compressed);
        } else {
            ByteArrayOutputStream fdat = new ByteArrayOutputStream(compressed.length + 4);
            int32(fdat, sequence++);
            fdat.write(compressed);
            chunk("fdAT", fdat.toByteArray());
        }
    }

    /**
     * A delay as APNG's 16-bit numerator and denominator: milliseconds while they fit, else hundredths,
     * else whole seconds (a WebP frame lasts at most 2<sup>24</sup> ms, 4.7 hours).
     */
    static int[] delay(int millis) {
        if (millis <= 0xFFFF) {
            return new int[] {millis, 1000};
        }
        if (millis / 10 <= 0xFFFF) {
            return new int[] {Math.round(millis / 10f), 100};
        }
        return new int[] {Math.min(0xFFFF, Math.round(millis / 1000f)), 1};
    }

    @Override
    public void close() throws IOException {
        try {
            if (written == frames) {
                chunk("IEND", new byte[0]);
            }
            out.close();
        } finally {
            deflater.end();
        }
        if (written != frames) {
            throw new IOException("the PNG was closed after " + written + " of " + frames + " frames");
        }
    }

    private void chunk(String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        int32(out, data.length);
        out.write(name);
        out.write(data);
        int32(out, (int) crc.getValue());
        bytes += 12L + data.length;
    }

    private static void int32(OutputStream out, int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void int16(OutputStream out, int value) throws IOException {
        out.write(value >>> 8);
        out.write(value);
    }
}
