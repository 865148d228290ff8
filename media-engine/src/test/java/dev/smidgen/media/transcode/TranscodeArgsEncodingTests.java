package dev.smidgen.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.Fit;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.Position;
import dev.smidgen.model.convert.QualityPreset;
import dev.smidgen.model.convert.VideoCodec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FFmpeg arguments of the encoding options: codecs, bit-rate caps, clips, frame rate, fit and position. */
class TranscodeArgsEncodingTests {
    private static final Path IN = Path.of("/work/task_abc/input.mov");
    private static final Path OUT_DIR = Path.of("/work/task_abc");
    private static final double VIDEO_SECONDS = 12.0;

    @Test
    void h265IsTaggedHvc1InMp4AndMov() {
        for (OutputFormat format : List.of(OutputFormat.MP4, OutputFormat.MOV)) {
            List<String> args = args(video(format, codec(VideoCodec.H265)));
            assertRun(args, "-c:v", "libx265", "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p");
            assertRun(args, "-tag:v", "hvc1");
            assertRun(args, "-x265-params", "log-level=error");
            assertRun(args, "-c:a", "aac", "-b:a", "128k");
            assertRun(args, "-movflags", "+faststart", "-map_metadata");
        }
    }

    @Test
    void av1IsSvtAv1AtItsFastPresetInMp4AndWebm() {
        List<String> mp4 = args(video(OutputFormat.MP4, codec(VideoCodec.AV1)));
        assertRun(mp4, "-c:v", "libsvtav1", "-preset", "10", "-crf", "35", "-pix_fmt", "yuv420p");
        assertRun(mp4, "-c:a", "aac");
        List<String> webm = args(video(OutputFormat.WEBM, codec(VideoCodec.AV1)));
        assertRun(webm, "-c:v", "libsvtav1", "-preset", "10", "-crf", "35");
        assertRun(webm, "-c:a", "libopus", "-b:a", "96k");
        assertFalse(webm.contains("libvpx-vp9"));
    }

    @Test
    void theDefaultCodecsAreTheFormatsOwn() {
        assertRun(args(video(OutputFormat.MP4, EncodingOptions.NONE)), "-c:v", "libx264");
        assertRun(args(video(OutputFormat.MOV, EncodingOptions.NONE)), "-c:v", "libx264");
        assertRun(args(video(OutputFormat.WEBM, EncodingOptions.NONE)), "-c:v", "libvpx-vp9");
        assertRun(args(video(OutputFormat.AVI, codec(VideoCodec.MPEG4))), "-c:v", "mpeg4");
        assertFalse(args(video(OutputFormat.MP4, EncodingOptions.NONE)).contains("-tag:v"));
    }

    @Test
    void aCodecTheContainerCannotHoldIsABug() {
        assertThrows(IllegalArgumentException.class, () -> args(video(OutputFormat.WEBM, codec(VideoCodec.H265))));
        assertThrows(IllegalArgumentException.class, () -> args(video(OutputFormat.MOV, codec(VideoCodec.AV1))));
    }

    @Test
    void aNamedQualityIsItsPointOfTheScale() {
        TranscodeSpec medium = new TranscodeSpec(
                OutputFormat.MP4,
                640,
                360,
                QualityPreset.MEDIUM.quality(),
                null,
                true,
                options(VideoCodec.H265, null, null, null, null, null, null));
        assertRun(args(medium), "-crf", "31");
    }

    @Test
    void aBitRateCapsEveryVideoEncoder() {
        for (VideoCodec codec : List.of(VideoCodec.H264, VideoCodec.H265, VideoCodec.AV1)) {
            List<String> args = args(video(OutputFormat.MP4, options(codec, null, null, null, null, 2_000_000L, null)));
            assertRun(args, "-maxrate", "2000000", "-bufsize", "4000000");
            assertTrue(args.contains("-crf"), "still quality-driven under the cap");
        }
        List<String> vp9 =
                args(video(OutputFormat.WEBM, options(VideoCodec.VP9, null, null, null, null, 2_000_000L, null)));
        assertRun(vp9, "-b:v", "2000000"); // constrained quality instead of -b:v 0
        assertRun(
                args(video(OutputFormat.AVI, options(null, null, null, null, null, 2_000_000L, null))),
                "-maxrate",
                "2000000");
        assertFalse(args(video(OutputFormat.MP4, EncodingOptions.NONE)).contains("-maxrate"));
    }

    @Test
    void anAudioBitRateIsConstant() {
        TranscodeSpec mp3 = new TranscodeSpec(OutputFormat.MP3, null, null, 0.8, null, true, bitrate(128_000L));
        List<String> args = args(mp3);
        assertRun(args, "-c:a", "libmp3lame", "-b:a", "128000");
        assertFalse(args.contains("-q:a"));
        TranscodeSpec ogg = new TranscodeSpec(OutputFormat.OGG, null, null, 0.8, null, true, bitrate(64_000L));
        assertRun(args(ogg), "-c:a", "libopus", "-b:a", "64000", "-vbr", "constrained", "-ar", "48000");
        TranscodeSpec opus = new TranscodeSpec(OutputFormat.OPUS, null, null, 0.8, null, true, bitrate(32_000L));
        assertRun(args(opus), "-c:a", "libopus", "-b:a", "32000", "-vbr", "constrained", "-ar", "48000");
        TranscodeSpec aac = new TranscodeSpec(OutputFormat.AAC, null, null, 0.8, null, true, bitrate(320_000L));
        assertRun(args(aac), "-c:a", "aac", "-b:a", "320000");
        assertFalse(args(aac).contains("128k"), "the rate asked for replaces the quality's");
    }

    @Test
    void anOpusRateOverLibopusCeilingIsEncodedAtTheCeiling() {
        // libopus refuses over 256,000 b/s a channel: a mono input at the API's 320,000 would fail to encode.
        for (OutputFormat format : List.of(OutputFormat.OGG, OutputFormat.OPUS)) {
            TranscodeSpec top = new TranscodeSpec(format, null, null, 0.8, null, true, bitrate(320_000L));
            assertRun(args(top), "-b:a", "256000");
            TranscodeSpec under = new TranscodeSpec(format, null, null, 0.8, null, true, bitrate(256_000L));
            assertRun(args(under), "-b:a", "256000");
        }
    }

    @Test
    void aClipSeeksBeforeTheInputAndLastsUntilItsEnd() {
        TranscodeSpec clip = new TranscodeSpec(
                OutputFormat.MP4, 640, 360, 0.8, 2.5, true, options(null, null, null, null, null, null, 4.0));
        List<String> args = args(clip);
        assertRun(args, "-ss", "2.500");
        assertTrue(args.indexOf("-ss") < args.indexOf("-i"), "a fast seek: before the input");
        assertRun(args, "-t", "1.500");
        assertTrue(args.indexOf("-t") > args.indexOf("-i"), "an output option");
        assertEquals(1.5, TranscodeArgs.outputSeconds(clip, VIDEO_SECONDS), 1e-9);

        // A start alone runs to the input's end; an end alone starts at 0.
        TranscodeSpec tail = new TranscodeSpec(OutputFormat.MP3, null, null, 0.8, 10.0, true, EncodingOptions.NONE);
        assertRun(args(tail), "-ss", "10.000");
        assertFalse(args(tail).contains("-t"));
        assertEquals(2.0, TranscodeArgs.outputSeconds(tail, VIDEO_SECONDS), 1e-9);
        TranscodeSpec head = new TranscodeSpec(
                OutputFormat.WAV, null, null, 0.8, null, true, options(null, null, null, null, null, null, 3.0));
        assertFalse(args(head).contains("-ss"));
        assertRun(args(head), "-t", "3.000");
        assertEquals(3.0, TranscodeArgs.outputSeconds(head, VIDEO_SECONDS), 1e-9);
        // Without a clip the whole input is the output, as before.
        assertEquals(
                VIDEO_SECONDS,
                TranscodeArgs.outputSeconds(video(OutputFormat.MP4, EncodingOptions.NONE), VIDEO_SECONDS),
                1e-9);
    }

    @Test
    void aFrameRateFollowsTheGeometry() {
        List<String> args = args(video(OutputFormat.MP4, options(null, null, null, null, 12.5, null, null)));
        assertRun(args, "-vf", "scale=640:360,setsar=1,fps=12.5");
        assertRun(
                args(video(OutputFormat.WEBM, options(null, null, null, null, 24.0, null, null))),
                "-vf",
                "scale=640:360,setsar=1,fps=24");
    }

    @Test
    void fitAndPositionShapeTheBox() {
        EncodingOptions fill = options(null, Fit.FILL, null, null, null, null, null);
        assertEquals("scale=300:200,setsar=1", Geometry.filter(300, 200, fill, true));
        assertEquals("scale=300:200,setsar=1", Geometry.filter(300, 200, EncodingOptions.NONE, false));
        assertEquals(
                "scale=300:200:force_original_aspect_ratio=increase,crop=300:200:(iw-ow)*0.5:(ih-oh)*0.5,setsar=1",
                Geometry.filter(300, 200, options(null, Fit.COVER, null, null, null, null, null), true));
        assertEquals(
                "scale=300:200:force_original_aspect_ratio=increase,crop=300:200:(iw-ow)*1:(ih-oh)*0,setsar=1",
                Geometry.filter(300, 200, options(null, Fit.COVER, Position.TOP_RIGHT, null, null, null, null), true));
        assertEquals(
                "scale=300:200:force_original_aspect_ratio=decrease:force_divisible_by=2,"
                        + "pad=300:200:(ow-iw)*0.5:(oh-ih)*0.5:color=black,setsar=1",
                Geometry.filter(300, 200, options(null, Fit.CONTAIN, null, null, null, null, null), true));
        assertEquals(
                "scale=300:200:force_original_aspect_ratio=decrease,format=rgba,"
                        + "pad=300:200:(ow-iw)*0:(oh-ih)*1:color=black@0,setsar=1",
                Geometry.filter(
                        300, 200, options(null, Fit.CONTAIN, Position.BOTTOM_LEFT, null, null, null, null), false));
        assertEquals(
                "scale=300:200:force_original_aspect_ratio=decrease,format=rgba,"
                        + "pad=300:200:(ow-iw)*0.5:(oh-ih)*0:color=0xFF8000,setsar=1",
                Geometry.filter(
                        300, 200, options(null, Fit.CONTAIN, Position.TOP, "#ff8000", null, null, null), false));
        assertEquals("0x11223344", Geometry.colour("#11223344", true));
        // Every position anchors both axes at 0, 0.5 or 1.
        for (Position p : Position.values()) {
            String f = Geometry.filter(10, 10, options(null, Fit.COVER, p, null, null, null, null), false);
            assertTrue(f.contains("(iw-ow)*" + fraction(p.x()) + ":(ih-oh)*" + fraction(p.y())), p + ": " + f);
        }
    }

    @Test
    void imagesUseTheGeometryToo() {
        TranscodeSpec png = new TranscodeSpec(
                OutputFormat.PNG,
                200,
                200,
                0.8,
                null,
                true,
                options(null, Fit.COVER, Position.LEFT, null, null, null, null));
        assertRun(
                args(png),
                "-vf",
                "scale=200:200:force_original_aspect_ratio=increase,crop=200:200:(iw-ow)*0:(ih-oh)*0.5,setsar=1");
        TranscodeSpec jpeg = new TranscodeSpec(
                OutputFormat.JPEG, 200, 200, 0.8, null, true, options(null, Fit.CONTAIN, null, null, null, null, null));
        String filter = args(jpeg).get(args(jpeg).indexOf("-vf") + 1);
        // Transparent padding, then the JPEG's white under everything.
        assertTrue(filter.startsWith("scale=200:200:force_original_aspect_ratio=decrease,format=rgba,pad="), filter);
        assertTrue(filter.contains("color=c=white:s=200x200"), filter);
    }

    @Test
    void avifIsOneLibaomStillPictureOverWhite() {
        TranscodeSpec avif = new TranscodeSpec(OutputFormat.AVIF, 320, 180, 0.8, null, false);
        List<String> args = args(avif);
        assertRun(args, "-frames:v", "1");
        assertRun(
                args,
                "-c:v",
                "libaom-av1",
                "-still-picture",
                "1",
                "-usage",
                "realtime",
                "-cpu-used",
                "8",
                "-crf",
                "32",
                "-pix_fmt",
                "yuv420p");
        assertRun(args, "-f", "avif", "file:/work/task_abc/output.avif");
        String filter = args.get(args.indexOf("-vf") + 1);
        assertTrue(filter.contains("color=c=white:s=320x180"), filter);
        assertTrue(args.indexOf("-ss") < args.indexOf("-i"), "a frame of a video, sought before the input");
    }

    @Test
    void anAnimatedWebpIsAClipOfFullPictures() {
        TranscodeSpec webp = new TranscodeSpec(
                OutputFormat.WEBP, 320, 180, 0.8, 2.0, true, options(null, null, null, null, 12.0, null, 3.5));
        List<String> args = args(webp);
        assertRun(args, "-ss", "2.000");
        assertRun(
                args,
                "-t",
                "1.500",
                "-vf",
                "fps=12,scale=320:180,setsar=1",
                "-c:v",
                "libwebp_anim",
                "-quality",
                "80",
                "-loop",
                "0");
        assertRun(args, "-f", "webp");
        assertTrue(TranscodeArgs.isAnimation(webp, VIDEO_SECONDS));
        assertEquals(1.5, TranscodeArgs.outputSeconds(webp, VIDEO_SECONDS), 1e-9);
        // An end alone starts at 0; an fps alone takes the default 3 s from the default start.
        TranscodeSpec head = new TranscodeSpec(
                OutputFormat.WEBP, 320, 180, 0.8, null, true, options(null, null, null, null, null, null, 2.0));
        assertFalse(args(head).contains("-ss"));
        assertRun(args(head), "-t", "2.000", "-vf", "fps=10,scale=320:180,setsar=1");
        TranscodeSpec rate = new TranscodeSpec(
                OutputFormat.WEBP, 320, 180, 0.8, null, true, options(null, null, null, null, 5.0, null, null));
        assertRun(args(rate), "-ss", "1.000");
        assertRun(args(rate), "-t", "3.000", "-vf", "fps=5,scale=320:180,setsar=1");
        // Without either, a webp is one picture, as before; from a still input too.
        assertFalse(TranscodeArgs.isAnimation(
                new TranscodeSpec(OutputFormat.WEBP, 320, 180, 0.8, null, true), VIDEO_SECONDS));
        assertFalse(TranscodeArgs.isAnimation(webp, null));
        assertRun(args(new TranscodeSpec(OutputFormat.WEBP, 320, 180, 0.8, null, true)), "-c:v", "libwebp");
    }

    @Test
    void aGifClipTakesItsStartEndAndFps() {
        TranscodeSpec gif = new TranscodeSpec(
                OutputFormat.GIF, 320, 180, 0.8, 1.0, true, options(null, null, null, null, 20.0, null, 2.5));
        List<String> args = args(gif);
        assertRun(args, "-ss", "1.000");
        assertRun(args, "-t", "1.500");
        String filter = args.get(args.indexOf("-vf") + 1);
        assertTrue(filter.startsWith("fps=20,scale=320:180,setsar=1,split"), filter);
        assertEquals(1.5, TranscodeArgs.outputSeconds(gif, VIDEO_SECONDS), 1e-9);
        // A clip of a clip's end past the input's stops at the input's end.
        TranscodeSpec late = new TranscodeSpec(
                OutputFormat.GIF, 320, 180, 0.8, 11.0, true, options(null, null, null, null, null, null, 30.0));
        assertEquals(1.0, TranscodeArgs.outputSeconds(late, VIDEO_SECONDS), 1e-9);
    }

    private static String fraction(double v) {
        return v == 0 ? "0" : v == 1 ? "1" : "0.5";
    }

    private static EncodingOptions codec(VideoCodec codec) {
        return options(codec, null, null, null, null, null, null);
    }

    private static EncodingOptions bitrate(Long bitrate) {
        return options(null, null, null, null, null, bitrate, null);
    }

    private static EncodingOptions options(
            VideoCodec codec, Fit fit, Position position, String background, Double fps, Long bitrate, Double end) {
        return new EncodingOptions(codec, null, null, null, fit, position, background, fps, bitrate, end);
    }

    private static TranscodeSpec video(OutputFormat format, EncodingOptions options) {
        return new TranscodeSpec(format, 640, 360, 0.8, null, true, options);
    }

    private static List<String> args(TranscodeSpec spec) {
        return TranscodeArgs.build(
                MediaInput.file(IN), OUT_DIR.resolve("output." + spec.format().extension()), spec, VIDEO_SECONDS);
    }

    /** {@code expected} appears in {@code args} as one contiguous run. */
    private static void assertRun(List<String> args, String... expected) {
        assertTrue(
                Collections.indexOfSubList(args, List.of(expected)) >= 0,
                "expected " + List.of(expected) + " in " + args);
    }
}
