package dev.smidgen.media.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.testing.TestMedia;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RIFF demux on animations made by libwebp_anim, and on hostile files made from them or by hand. */
class WebpAnimationReaderTests {
    @TempDir
    static Path media;

    static byte[] lossy;
    static byte[] lossless;

    @BeforeAll
    static void generate() throws IOException {
        lossy = Files.readAllBytes(TestMedia.animatedWebp(media, false));
        lossless = Files.readAllBytes(TestMedia.animatedWebp(media, true));
    }

    @Test
    void everyFrameIsFoundWithItsPlaceTimingAndBitstream() {
        for (byte[] file : List.of(lossy, lossless)) {
            WebpAnimation animation = read(file);
            assertEquals(TestMedia.ANIMATED_WEBP_WIDTH, animation.canvasWidth());
            assertEquals(TestMedia.ANIMATED_WEBP_HEIGHT, animation.canvasHeight());
            assertTrue(animation.alpha());
            assertEquals(0, animation.loops());
            assertEquals(TestMedia.ANIMATED_WEBP_FRAMES, animation.frames().size());
            assertEquals(TestMedia.ANIMATED_WEBP_MILLIS, animation.durationMillis());
            assertEquals(
                    List.of(100, 100, 200, 100, 100, 300, 100, 100, 200, 200, 100, 145),
                    animation.frames().stream().map(WebpFrame::durationMillis).toList());
            WebpFrame first = animation.frames().get(0);
            assertEquals(TestMedia.ANIMATED_WEBP_WIDTH, first.width(), "the first frame covers the canvas");
            for (WebpFrame frame : animation.frames()) {
                assertTrue(frame.x() + frame.width() <= animation.canvasWidth());
                assertTrue(frame.y() + frame.height() <= animation.canvasHeight());
                assertEquals(file == lossless, frame.lossless());
                assertEquals(file == lossy, frame.alphaOffset() > 0, "a lossy frame with alpha has its ALPH chunk");
                String type = new String(file, (int) frame.imageOffset(), 4, StandardCharsets.US_ASCII);
                assertEquals(file == lossless ? "VP8L" : "VP8 ", type);
            }
        }
        assertTrue(WebpAnimationReader.isAnimated(Arrays.copyOf(lossy, 21)));
    }

    @Test
    void aStillOrOtherFileIsNotAnAnimation() {
        byte[] still = Arrays.copyOf(lossy, lossy.length);
        still[20] &= ~0x02; // the VP8X animation flag
        assertFalse(WebpAnimationReader.isAnimated(still));
        assertUnsupported(still, "Not an animated WebP");
        assertUnsupported("not a webp file at all".getBytes(StandardCharsets.US_ASCII), "Not an animated WebP");
        assertUnsupported(new byte[0], "ends early");
    }

    @Test
    void aTruncatedFileIsDamaged() {
        byte[] half = Arrays.copyOf(lossy, lossy.length / 2);
        assertUnsupported(half, "claims");
        // Its RIFF size fixed to the cut: the ANMF chunk there then runs past the end.
        ByteBuffer.wrap(half).order(ByteOrder.LITTLE_ENDIAN).putInt(4, half.length - 8);
        assertUnsupported(half, "runs past the end");
    }

    @Test
    void aFrameOutsideTheCanvasIsRefused() {
        byte[] moved = Arrays.copyOf(lossy, lossy.length);
        int anmf = indexOf(moved, "ANMF");
        moved[anmf + 8] = 10; // X offset 20 on a frame as wide as the canvas
        assertUnsupported(moved, "lies outside");
    }

    @Test
    void aFrameWhosePictureIsAnotherSizeIsRefused() {
        byte[] lying = Arrays.copyOf(lossless, lossless.length);
        int anmf = indexOf(lying, "ANMF");
        lying[anmf + 8 + 6] = 99; // width − 1 of the first frame: 100 instead of 160
        assertUnsupported(lying, "its picture is 160x120");
    }

    @Test
    void anAnimationWithoutFramesIsRefused() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(chunk("VP8X", new byte[] {0x12, 0, 0, 0, 15, 0, 0, 15, 0, 0}));
        body.write(chunk("ANIM", new byte[6]));
        assertUnsupported(riff(body.toByteArray()), "no frames");
    }

    @Test
    void framesAndChunksAreCounted() throws IOException {
        SmidgenException tooMany = assertThrows(
                SmidgenException.class,
                () -> WebpAnimationReader.read(new ByteArrayInputStream(lossy), lossy.length, 5));
        assertEquals(ErrorCode.INPUT_TOO_LARGE, tooMany.code());

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(chunk("VP8X", new byte[] {0x12, 0, 0, 0, 15, 0, 0, 15, 0, 0}));
        byte[] empty = chunk("JUNK", new byte[0]);
        for (int i = 0; i <= WebpAnimationReader.MAX_CHUNKS; i++) {
            body.write(empty);
        }
        assertUnsupported(riff(body.toByteArray()), "chunks");
    }

    @Test
    void anAbsurdCanvasIsTooLargeToDecode() throws IOException {
        byte[] huge = Arrays.copyOf(lossy, lossy.length);
        int vp8x = indexOf(huge, "VP8X");
        // 16384 x 16384 canvas; the frames still fit on it.
        huge[vp8x + 12] = (byte) 0xFF;
        huge[vp8x + 13] = 0x3F;
        huge[vp8x + 14] = 0;
        huge[vp8x + 15] = (byte) 0xFF;
        huge[vp8x + 16] = 0x3F;
        huge[vp8x + 17] = 0;
        WebpAnimation animation = read(huge);
        assertEquals(16384, animation.canvasWidth());
        SmidgenException refused =
                assertThrows(SmidgenException.class, () -> AnimatedWebpDecoder.requireWithinBounds(animation));
        assertEquals(ErrorCode.INPUT_TOO_LARGE, refused.code());
    }

    private static WebpAnimation read(byte[] file) {
        return WebpAnimationReader.read(new ByteArrayInputStream(file), file.length, 1000);
    }

    private static void assertUnsupported(byte[] file, String why) {
        SmidgenException refused = assertThrows(SmidgenException.class, () -> read(file));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, refused.code(), refused.getMessage());
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
    }

    static int indexOf(byte[] file, String fourcc) {
        byte[] needle = fourcc.getBytes(StandardCharsets.US_ASCII);
        for (int i = 12; i + 4 <= file.length; i++) {
            if (Arrays.equals(file, i, i + 4, needle, 0, 4)) {
                return i;
            }
        }
        throw new IllegalStateException("no " + fourcc);
    }

    static byte[] chunk(String type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body);
        return b.array();
    }

    static byte[] riff(byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length);
        b.put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(body);
        return b.array();
    }
}
