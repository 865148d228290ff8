package dev.smidgen.media.decode;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the RIFF structure of an animated WebP (the WebP container's {@code VP8X}, {@code ANIM} and
 * {@code ANMF} chunks) in one pass over a stream, reading only chunk headers and the first bytes of each
 * frame's bitstream: enough to know every frame's rectangle, timing and drawing rules, and where its
 * bitstream lies. Everything a hostile file could lie about is checked here, before anything decodes:
 * chunk lengths past the end of the file, frames outside the canvas, a bitstream whose size differs from
 * its frame's, no frames at all, and more frames or chunks than a limit.
 */
public final class WebpAnimationReader {
    /** Most chunks read, frames and their sub-chunks together: a file of millions of empty chunks is refused. */
    static final int MAX_CHUNKS = 200_000;

    private static final int VP8X_ANIMATION = 0x02;
    private static final int VP8X_ALPHA = 0x10;
    private static final int ANMF_NO_BLEND = 0x02;
    private static final int ANMF_DISPOSE = 0x01;

    private final Cursor in;
    private final long maxFrames;
    private int chunks;

    private WebpAnimationReader(InputStream in, long maxFrames) {
        this.in = new Cursor(in);
        this.maxFrames = maxFrames;
    }

    /**
     * @param in        the file from its first byte; read up to the end of its RIFF chunk, not closed
     * @param fileSize  the file's size in bytes
     * @param maxFrames most frames accepted
     * @throws SmidgenException {@link ErrorCode#UNSUPPORTED_MEDIA} when the file is not an animated WebP or is
     *                          damaged; {@link ErrorCode#INPUT_TOO_LARGE} past {@code maxFrames}
     */
    public static WebpAnimation read(InputStream in, long fileSize, long maxFrames) {
        try {
            return new WebpAnimationReader(in, maxFrames).read(fileSize);
        } catch (EOFException e) {
            throw damaged("it ends early");
        } catch (IOException e) {
            throw new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The WebP file cannot be read.");
        }
    }

    /** Whether {@code head} (the first 21 bytes or more of a file) begins an animated WebP. */
    public static boolean isAnimated(byte[] head) {
        return head.length >= 21
                && ascii(head, 0).equals("RIFF")
                && ascii(head, 8).equals("WEBP")
                && ascii(head, 12).equals("VP8X")
                && (head[20] & VP8X_ANIMATION) != 0;
    }

    private WebpAnimation read(long fileSize) throws IOException {
        byte[] header = in.read(12);
        if (!ascii(header, 0).equals("RIFF") || !ascii(header, 8).equals("WEBP")) {
            throw notAnimated("it is not a WebP file");
        }
        long end = 8 + uint32(header, 4);
        if (end > fileSize) {
            throw damaged("its RIFF chunk claims " + end + " bytes but the file has " + fileSize);
        }
        int canvasWidth = 0;
        int canvasHeight = 0;
        boolean alpha = false;
        boolean animation = false;
        int background = 0;
        int loops = 0;
        List<WebpFrame> frames = new ArrayList<>();
        boolean first = true;
        while (in.position() + 8 <= end) {
            countChunk();
            byte[] chunk = in.read(8);
            String type = ascii(chunk, 0);
            long length = uint32(chunk, 4);
            long bodyStart = in.position();
            long bodyEnd = bodyStart + length;
            if (bodyEnd > end) {
                throw damaged("its " + type.trim() + " chunk runs past the end of the file");
            }
            if (first) {
                if (!type.equals("VP8X") || length < 10) {
                    throw notAnimated("it is a still WebP");
                }
                byte[] body = in.read(10);
                alpha = (body[0] & VP8X_ALPHA) != 0;
                animation = (body[0] & VP8X_ANIMATION) != 0;
                canvasWidth = 1 + uint24(body, 4);
                canvasHeight = 1 + uint24(body, 7);
                if (!animation) {
                    throw notAnimated("it has no animation");
                }
                first = false;
            } else if (type.equals("ANIM") && length >= 6) {
                byte[] body = in.read(6);
                // Stored as blue, green, red, alpha.
                background = (body[3] & 0xFF) << 24 | (body[2] & 0xFF) << 16 | (body[1] & 0xFF) << 8 | (body[0] & 0xFF);
                loops = (body[4] & 0xFF) | (body[5] & 0xFF) << 8;
            } else if (type.equals("ANMF")) {
                if (frames.size() >= maxFrames) {
                    throw new SmidgenException(
                            ErrorCode.INPUT_TOO_LARGE,
                            "The animation has more than " + maxFrames + " frames; the limit is " + maxFrames
                                    + " frames.");
                }
                frames.add(frame(frames.size(), bodyEnd, canvasWidth, canvasHeight));
            }
            in.skipTo(Math.min(bodyEnd + (length & 1), end));
        }
        if (frames.isEmpty()) {
            throw damaged("it has no frames");
        }
        return new WebpAnimation(canvasWidth, canvasHeight, alpha, background, loops, frames, fileSize);
    }

    /** One ANMF chunk whose 8-byte header has been read; its body ends at {@code bodyEnd}. */
    private WebpFrame frame(int index, long bodyEnd, int canvasWidth, int canvasHeight) throws IOException {
        if (in.position() + 16 > bodyEnd) {
            throw damaged("frame " + index + " has no header");
        }
        byte[] head = in.read(16);
        int x = 2 * uint24(head, 0);
        int y = 2 * uint24(head, 3);
        int width = 1 + uint24(head, 6);
        int height = 1 + uint24(head, 9);
        int duration = uint24(head, 12);
        int flags = head[15] & 0xFF;
        if ((long) x + width > canvasWidth || (long) y + height > canvasHeight) {
            throw damaged("frame " + index + " (" + width + "x" + height + " at " + x + "," + y + ") lies outside the "
                    + canvasWidth + "x" + canvasHeight + " canvas");
        }
        long alphaOffset = -1;
        int alphaLength = 0;
        long imageOffset = -1;
        int imageLength = 0;
        boolean lossless = false;
        int[] size = null;
        while (imageOffset < 0 && in.position() + 8 <= bodyEnd) {
            countChunk();
            long offset = in.position();
            byte[] chunk = in.read(8);
            String type = ascii(chunk, 0);
            long length = uint32(chunk, 4);
            long padded = length + (length & 1);
            if (offset + 8 + length > bodyEnd) {
                throw damaged("a chunk of frame " + index + " runs past the end of the frame");
            }
            int whole = (int) Math.min(Integer.MAX_VALUE, Math.min(8 + padded, bodyEnd - offset));
            switch (type) {
                case "ALPH" -> {
                    alphaOffset = offset;
                    alphaLength = whole;
                    in.skipTo(offset + whole);
                }
                case "VP8 " -> {
                    imageOffset = offset;
                    imageLength = whole;
                    size = vp8Size(length, index);
                }
                case "VP8L" -> {
                    imageOffset = offset;
                    imageLength = whole;
                    lossless = true;
                    size = vp8lSize(length, index);
                }
                default -> in.skipTo(offset + whole); // unknown chunks inside a frame are skipped, as the format says
            }
        }
        if (imageOffset < 0) {
            throw damaged("frame " + index + " has no picture");
        }
        if (size[0] != width || size[1] != height) {
            throw damaged("frame " + index + " says " + width + "x" + height + " but its picture is " + size[0] + "x"
                    + size[1]);
        }
        if (lossless) {
            // A lossless bitstream carries its own alpha; the format says an ALPH chunk beside it is ignored.
            alphaOffset = -1;
            alphaLength = 0;
        }
        return new WebpFrame(
                x,
                y,
                width,
                height,
                duration,
                (flags & ANMF_NO_BLEND) == 0,
                (flags & ANMF_DISPOSE) != 0,
                lossless,
                alphaOffset,
                alphaLength,
                imageOffset,
                imageLength);
    }

    /** A lossy key frame's size: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height. */
    private int[] vp8Size(long length, int index) throws IOException {
        if (length < 10) {
            throw damaged("frame " + index + " has a truncated picture");
        }
        byte[] b = in.read(10);
        if ((b[0] & 0x01) != 0 || (b[3] & 0xFF) != 0x9d || (b[4] & 0xFF) != 0x01 || (b[5] & 0xFF) != 0x2a) {
            throw damaged("frame " + index + " is not a VP8 key frame");
        }
        return new int[] {((b[6] & 0xFF) | (b[7] & 0xFF) << 8) & 0x3FFF, ((b[8] & 0xFF) | (b[9] & 0xFF) << 8) & 0x3FFF};
    }

    /** A lossless bitstream's size: the signature 0x2f, then 14 bits of width − 1 and 14 of height − 1. */
    private int[] vp8lSize(long length, int index) throws IOException {
        if (length < 5) {
            throw damaged("frame " + index + " has a truncated picture");
        }
        byte[] b = in.read(5);
        if ((b[0] & 0xFF) != 0x2f) {
            throw damaged("frame " + index + " is not a VP8L picture");
        }
        long bits = (b[1] & 0xFFL) | (b[2] & 0xFFL) << 8 | (b[3] & 0xFFL) << 16 | (b[4] & 0xFFL) << 24;
        return new int[] {(int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1};
    }

    private void countChunk() {
        if (++chunks > MAX_CHUNKS) {
            throw damaged("it has more than " + MAX_CHUNKS + " chunks");
        }
    }

    static SmidgenException damaged(String why) {
        return new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The animated WebP is damaged: " + why + ".");
    }

    static SmidgenException notAnimated(String why) {
        return new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "Not an animated WebP: " + why + ".");
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }

    private static long uint32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static int uint24(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }

    /** A stream that knows how far it has read, reading exactly or failing with {@link EOFException}. */
    private static final class Cursor {
        private final InputStream in;
        private long position;

        Cursor(InputStream in) {
            this.in = in;
        }

        long position() {
            return position;
        }

        byte[] read(int n) throws IOException {
            byte[] bytes = in.readNBytes(n);
            position += bytes.length;
            if (bytes.length < n) {
                throw new EOFException();
            }
            return bytes;
        }

        void skipTo(long target) throws IOException {
            if (target > position) {
                in.skipNBytes(target - position);
                position = target;
            }
        }
    }
}
