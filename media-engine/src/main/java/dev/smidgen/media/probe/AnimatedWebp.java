package dev.smidgen.media.probe;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The facts of an animated WebP read from its RIFF chunks (the canvas of {@code VP8X}, one {@code ANMF}
 * chunk per frame with its duration), without decoding: FFmpeg 8.0's WebP decoder cannot read
 * animations, so ffprobe shows such a file with no size. Used for the animated WebPs this service makes
 * (docs/api/conversions.md#animations); uploaded ones are still refused, since they could not be converted.
 * Reads only the 8-byte chunk headers and the few bytes of each header it needs, skipping frame data.
 */
public final class AnimatedWebp {
    /** More chunks than any animation this service makes (an animation holds at most a few thousand frames). */
    static final int MAX_CHUNKS = 100_000;

    private AnimatedWebp() {}

    /**
     * @throws SmidgenException {@link ErrorCode#UNSUPPORTED_MEDIA} when the file is not an animated WebP
     */
    public static ProbeResult probe(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            byte[] header = in.readNBytes(12);
            if (header.length < 12
                    || !ascii(header, 0).equals("RIFF")
                    || !ascii(header, 8).equals("WEBP")) {
                throw notAnimated("it is not a WebP file");
            }
            int width = 0;
            int height = 0;
            boolean alpha = false;
            boolean animation = false;
            long frames = 0;
            long millis = 0;
            for (int chunks = 0; chunks < MAX_CHUNKS; chunks++) {
                byte[] chunk = in.readNBytes(8);
                if (chunk.length < 8) {
                    break;
                }
                String type = ascii(chunk, 0);
                long length = Integer.toUnsignedLong(le(chunk).getInt(4));
                long padded = length + (length & 1);
                long read = 0;
                if (type.equals("VP8X") && length >= 10) {
                    byte[] body = in.readNBytes(10);
                    read = body.length;
                    alpha = (body[0] & 0x10) != 0;
                    animation = (body[0] & 0x02) != 0;
                    width = 1 + uint24(body, 4);
                    height = 1 + uint24(body, 7);
                } else if (type.equals("ANMF") && length >= 16) {
                    byte[] body = in.readNBytes(16);
                    read = body.length;
                    frames++;
                    millis += uint24(body, 12);
                }
                in.skipNBytes(padded - read);
            }
            if (!animation || frames == 0 || width <= 0 || height <= 0) {
                throw notAnimated("it has no animation");
            }
            double duration = millis / 1000.0;
            Double fps = duration > 0 ? Math.round(frames / duration * 1000) / 1000.0 : null;
            Long bitrate = duration > 0 ? Math.round(size * 8 / duration) : null;
            return new ProbeResult(
                    Kind.IMAGE,
                    "image/webp",
                    "webp",
                    "webp",
                    "webp",
                    null,
                    width,
                    height,
                    duration > 0 ? duration : null,
                    fps,
                    bitrate,
                    size,
                    0,
                    width > height ? "landscape" : width < height ? "portrait" : "square",
                    false,
                    false,
                    alpha,
                    frames > 1,
                    frames);
        } catch (IOException e) {
            throw new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "The WebP file cannot be read: " + e.getMessage());
        }
    }

    private static SmidgenException notAnimated(String why) {
        return new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA, "Not an animated WebP: " + why + ".");
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int uint24(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16;
    }
}
