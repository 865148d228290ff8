package dev.smidgen.e2e;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A WAV file of white noise (PCM s16le, stereo, 48 kHz) of any size, never written anywhere: every
 * byte is computed from a seed and its offset, so an upload can resume at any offset and the stored
 * file can be compared with it byte for byte, without a copy on disk. Not thread-safe (one per upload).
 */
final class NoiseWav {
    static final int HEADER = 44;
    private static final int BLOCK = 64 * 1024;
    private static final int BYTES_PER_FRAME = 4; // 2 channels x 16 bits

    private final long seed;
    private final long size;
    private final byte[] header;
    private final byte[] block = new byte[BLOCK];
    private long blockIndex = -1;

    /** A WAV of about {@code approximateSize} bytes (rounded down to whole frames, at least one second). */
    NoiseWav(long seed, long approximateSize) {
        long frames = Math.max(48_000, (approximateSize - HEADER) / BYTES_PER_FRAME);
        long data = frames * BYTES_PER_FRAME;
        if (HEADER + data > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a WAV holds less than 4 GiB: " + approximateSize);
        }
        this.seed = seed;
        this.size = HEADER + data;
        this.header = header(data);
    }

    long size() {
        return size;
    }

    /** Copies {@code length} bytes of the file starting at {@code offset} into {@code target}. */
    void read(long offset, byte[] target, int targetOffset, int length) {
        if (offset < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException(offset + "+" + length + " of " + size);
        }
        int done = 0;
        while (done < length) {
            long at = offset + done;
            if (at < HEADER) {
                int n = (int) Math.min(HEADER - at, length - done);
                System.arraycopy(header, (int) at, target, targetOffset + done, n);
                done += n;
                continue;
            }
            long inData = at - HEADER;
            fillBlock(inData / BLOCK);
            int from = (int) (inData % BLOCK);
            int n = Math.min(BLOCK - from, length - done);
            System.arraycopy(block, from, target, targetOffset + done, n);
            done += n;
        }
    }

    private void fillBlock(long index) {
        if (index == blockIndex) {
            return;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        ByteBuffer longs = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        while (longs.hasRemaining()) {
            longs.putLong(random.nextLong());
        }
        blockIndex = index;
    }

    private static byte[] header(long data) {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + data));
        h.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        h.putShort((short) 1).putShort((short) 2).putInt(48_000).putInt(48_000 * BYTES_PER_FRAME);
        h.putShort((short) BYTES_PER_FRAME).putShort((short) 16);
        h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) data);
        return h.array();
    }
}
