package dev.smidgen.media.testing;

import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates small real media files with the bundled ffmpeg (lavfi sources) for tests of this and
 * other modules; published in media-engine's test-jar. Each method writes into the given directory
 * (overwriting a previous file of the same name) and returns the file. The constants are the facts a
 * probe of each file reports.
 */
public final class TestMedia {
    public static final int VIDEO_WIDTH = 640;
    public static final int VIDEO_HEIGHT = 360;
    public static final double VIDEO_FPS = 25.0;
    public static final double VIDEO_SECONDS = 5.0;
    public static final int CLIP_WIDTH = 320;
    public static final int CLIP_HEIGHT = 240;
    public static final int PNG_WIDTH = 320;
    public static final int PNG_HEIGHT = 240;
    public static final int JPEG_WIDTH = 320;
    public static final int JPEG_HEIGHT = 240;
    public static final double MP3_SECONDS = 3.0;
    public static final int RED_SIZE = 64;

    private static final String CONTEXT = "test-media";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TestMedia() {}

    /**
     * {@code red-beside-blue.png}: 640x240, its left half pure red and its right half pure blue, so a crop
     * or a padding shows in which colour a pixel of the output has.
     */
    public static Path redBesideBlue(Path dir) {
        Path out = dir.resolve("red-beside-blue.png");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "color=c=red:s=320x240",
                "-f",
                "lavfi",
                "-i",
                "color=c=blue:s=320x240",
                "-filter_complex",
                "[0][1]hstack",
                "-frames:v",
                "1",
                out.toString());
        return out;
    }

    /**
     * {@code video.mp4}: 5 s, 640x360, 25 fps H.264 (libx264, yuv420p) with 44.1 kHz stereo AAC. The moov
     * atom is at the end (no faststart), so any truncated copy is unreadable.
     */
    public static Path video(Path dir) {
        Path out = dir.resolve("video.mp4");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25:duration=5",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100:duration=5",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-g",
                "25",
                "-c:a",
                "aac",
                "-ac",
                "2",
                "-b:a",
                "96k",
                "-shortest",
                out.toString());
        return out;
    }

    /**
     * {@code clip-{seconds}s.mp4}, or {@code clip-{seconds}s-silent.mp4} without audio: 320x240, 25 fps H.264
     * (libx264, yuv420p) with 44.1 kHz stereo AAC. Small and quick to generate, for tests that convert media
     * rather than inspect it.
     */
    public static Path clip(Path dir, int seconds, boolean withAudio) {
        return video(
                dir,
                "clip-" + seconds + "s" + (withAudio ? "" : "-silent"),
                CLIP_WIDTH,
                CLIP_HEIGHT,
                seconds,
                withAudio);
    }

    /**
     * {@code {name}.mp4}: H.264 (yuv420p) of the given size, 25 fps, with a 44.1 kHz stereo AAC tone
     * when {@code withAudio}. For conversions that need a silent input or a longer run.
     */
    public static Path video(Path dir, String name, int width, int height, int seconds, boolean withAudio) {
        Path out = dir.resolve(name + ".mp4");
        List<String> args = new ArrayList<>(
                List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=25:duration=" + seconds));
        if (withAudio) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds));
        }
        args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25"));
        if (withAudio) {
            args.addAll(List.of("-c:a", "aac", "-ac", "2", "-b:a", "96k", "-shortest"));
        }
        args.add(out.toString());
        ffmpeg(args.toArray(String[]::new));
        return out;
    }

    /**
     * {@code {name}.mp4}: 1280x720 H.264 at a constant 10 Mb/s with a 96 kb/s AAC tone, so about
     * 1.25 MB a second: a playable video of predictable size for uploads that span several chunks.
     */
    public static Path constantBitrateVideo(Path dir, String name, int seconds) {
        Path out = dir.resolve(name + ".mp4");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1280x720:rate=25:duration=" + seconds,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100:duration=" + seconds,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-b:v",
                "10M",
                "-minrate",
                "10M",
                "-maxrate",
                "10M",
                "-bufsize",
                "2M",
                "-x264-params",
                "nal-hrd=cbr",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-shortest",
                out.toString());
        return out;
    }

    /** {@code audio-{seconds}s.wav}: 44.1 kHz stereo 16-bit PCM, about 176 KB per second: big files, generated fast. */
    public static Path wav(Path dir, int seconds) {
        Path out = dir.resolve("audio-" + seconds + "s.wav");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=330:sample_rate=44100:duration=" + seconds,
                "-ac",
                "2",
                "-c:a",
                "pcm_s16le",
                out.toString());
        return out;
    }

    /** {@code image.png}: a 320x240 test-pattern frame. */
    public static Path png(Path dir) {
        Path out = dir.resolve("image.png");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=1", "-frames:v", "1", out.toString());
        return out;
    }

    /** {@code image.jpg}: a 320x240 test-pattern frame. */
    public static Path jpeg(Path dir) {
        Path out = dir.resolve("image.jpg");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=1", "-frames:v", "1", "-q:v", "4", out.toString());
        return out;
    }

    /** {@code red.png}: 64x64 pure red (#FF0000), for checking the background colour. */
    public static Path redPng(Path dir) {
        Path out = dir.resolve("red.png");
        ffmpeg("-f", "lavfi", "-i", "color=c=red:size=64x64:rate=1", "-frames:v", "1", out.toString());
        return out;
    }

    /** {@code clear.png}: 64x64 RGBA, fully transparent, hiding pure red under the transparency. */
    public static Path transparentPng(Path dir) {
        Path out = dir.resolve("clear.png");
        ffmpeg("-f", "lavfi", "-i", "color=c=red@0.0:size=64x64:rate=1,format=rgba", "-frames:v", "1", out.toString());
        return out;
    }

    /**
     * {@code red-then-blue.mp4}: 4 s of 320x240 H.264 at 25 fps, silent, pure red for its first two
     * seconds and pure blue from 2 s on, so an image taken from it tells which moment it came from.
     */
    public static Path redThenBlue(Path dir) {
        Path out = dir.resolve("red-then-blue.mp4");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "color=c=red:size=320x240:rate=25:duration=4,"
                        + "drawbox=x=0:y=0:w=iw:h=ih:color=blue:t=fill:enable='gte(t,2)'",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-g",
                "25",
                out.toString());
        return out;
    }

    /** Frames of {@link #animatedWebp}: 12, the first 160x120 picture full size and the others as changed rectangles. */
    public static final int ANIMATED_WEBP_FRAMES = 12;
    /** Canvas of {@link #animatedWebp}. */
    public static final int ANIMATED_WEBP_WIDTH = 160;

    public static final int ANIMATED_WEBP_HEIGHT = 120;
    /** Milliseconds of {@link #animatedWebp}'s frames in all. */
    public static final int ANIMATED_WEBP_MILLIS = 1745;

    /**
     * {@code animated.webp} (or {@code animated-lossless.webp}): 12 frames of a 160x120 test pattern made by
     * libwebp_anim, whose left 60 columns are opaque and the rest transparent (top 40 rows) or half
     * transparent (below), shown for 100, 100, 200, 100, 100, 300, 100, 100, 200, 200, 100 and 145 ms
     * (1745 ms in all). Lossy frames carry an ALPH chunk; lossless ones are VP8L.
     */
    public static Path animatedWebp(Path dir, boolean lossless) {
        Path out = dir.resolve(lossless ? "animated-lossless.webp" : "animated.webp");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=s=160x120:r=10:d=1.2,format=rgba,"
                        + "geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='if(lt(X,60),255,if(lt(Y,40),0,128))',"
                        + "setpts='(150*N-50*mod(N,2))/1000/TB'",
                "-fps_mode",
                "passthrough",
                "-c:v",
                "libwebp_anim",
                "-lossless",
                lossless ? "1" : "0",
                "-quality",
                "75",
                "-loop",
                "0",
                out.toString());
        return out;
    }

    /**
     * {@code opaque.webp}: {@code frames} frames of an opaque 160x120 test pattern at 10 fps as a lossless
     * animation, whose later frames libwebp_anim stores as rectangles alpha-blended over the previous
     * picture: decoded and composited right, each frame is the test pattern's exactly.
     */
    public static Path opaqueAnimatedWebp(Path dir, int frames) {
        Path out = dir.resolve("opaque.webp");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=s=160x120:r=10,format=rgba",
                "-frames:v",
                Integer.toString(frames),
                "-c:v",
                "libwebp_anim",
                "-lossless",
                "1",
                "-loop",
                "0",
                out.toString());
        return out;
    }

    /** {@code audio.mp3}: 3 s of a 440 Hz sine, 44.1 kHz mono, 128 kb/s. */
    public static Path mp3(Path dir) {
        Path out = dir.resolve("audio.mp3");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100:duration=3",
                "-c:a",
                "libmp3lame",
                "-b:a",
                "128k",
                out.toString());
        return out;
    }

    /** {@code truncated.mp4}: the first 40% of {@code video}'s bytes (no moov atom, so unreadable). */
    public static Path truncated(Path video, Path dir) {
        try {
            byte[] bytes = Files.readAllBytes(video);
            Path out = dir.resolve("truncated.mp4");
            Files.write(out, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 5));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code huge-frame.mp4}: one 8000x8000 grey frame of H.264, a few hundred kilobytes that decode to 96 MB
     * and that a VP9 encoder wants gigabytes for (just under the default pixel limit of 8192x8192).
     */
    public static Path hugeFrame(Path dir) {
        Path out = dir.resolve("huge-frame.mp4");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "color=c=gray:s=8000x8000",
                "-frames:v",
                "1",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                out.toString());
        return out;
    }

    /**
     * {@code {name}.png}: a grey PNG declaring {@code width}x{@code height} pixels in well under a megabyte
     * (zeros deflate about a thousand to one), a decompression bomb when large. Written by hand, with no
     * pixel buffer.
     */
    public static Path pngBomb(Path dir, String name, int width, int height) {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
        header.put(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, deflate, no filter, no interlace
        pngChunk(png, "IHDR", header.array());
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
        java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
        byte[] row = new byte[1 + width]; // filter byte and pixels, all zero
        byte[] buffer = new byte[1 << 16];
        for (int y = 0; y < height; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        pngChunk(png, "IDAT", idat.toByteArray());
        pngChunk(png, "IEND", new byte[0]);
        return write(dir.resolve(name + ".png"), png.toByteArray());
    }

    private static void pngChunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** {@code corrupt.mp4}: 64 KiB of (seeded, so reproducible) random bytes with a plausible name. */
    public static Path corrupt(Path dir) {
        byte[] noise = new byte[64 << 10];
        new Random(42).nextBytes(noise);
        return write(dir.resolve("corrupt.mp4"), noise);
    }

    /** {@code page.html}: a tiny web page, as an ingest URL that serves HTML instead of media yields. */
    public static Path html(Path dir) {
        String page = "<!doctype html>\n<html><head><title>Not media</title></head>\n"
                + "<body><h1>Hello</h1><p>This is a web page, not a video.</p></body></html>\n";
        return write(dir.resolve("page.html"), page.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code undecodable.mp4}: {@code video} remuxed with its index first, then every media byte replaced by
     * noise. It probes as a valid 5 s H.264 MP4, but no frame decodes.
     */
    public static Path undecodable(Path video, Path dir) {
        Path out = dir.resolve("undecodable.mp4");
        ffmpeg("-i", video.toString(), "-c", "copy", "-movflags", "+faststart", out.toString());
        try {
            byte[] bytes = Files.readAllBytes(out);
            int[] mdat = findTopLevelBox(bytes, "mdat");
            byte[] noise = new byte[mdat[1] - 8];
            new Random(7).nextBytes(noise);
            System.arraycopy(noise, 0, bytes, mdat[0] + 8, noise.length);
            return write(out, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Offset and size of the first top-level ISO-BMFF box of {@code type}. */
    private static int[] findTopLevelBox(byte[] file, String type) {
        ByteBuffer buffer = ByteBuffer.wrap(file);
        int offset = 0;
        while (offset + 8 <= file.length) {
            long size = buffer.getInt(offset) & 0xFFFFFFFFL;
            String name = new String(file, offset + 4, 4, StandardCharsets.US_ASCII);
            if (name.equals(type)) {
                return new int[] {offset, (int) size};
            }
            if (size < 8) {
                break;
            }
            offset += (int) size;
        }
        throw new IllegalStateException("no " + type + " box");
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ffmpeg(String... args) {
        List<String> all = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-v", "error", "-y"));
        all.addAll(List.of(args));
        FfmpegRunner.shared().run(FfmpegInvocation.ffmpeg(all).withTimeout(TIMEOUT), CONTEXT);
    }
}
