package dev.smidgen.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Demuxer;
import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.OutputFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscodeArgsTests {
    private static final Path IN = Path.of("/work/task_abc/input.mov");
    private static final Path OUT_DIR = Path.of("/work/task_abc");
    private static final double VIDEO_SECONDS = 12.0;
    private static final List<String> HEAD = List.of("-nostdin", "-hide_banner", "-v", "error", "-y");
    private static final List<String> INPUT = List.of(
            "-protocol_whitelist",
            "file",
            "-format_whitelist",
            Demuxer.formatWhitelist(),
            "-i",
            "file:/work/task_abc/input.mov");

    @Test
    void mp4IsH264AndAacWithTheIndexFirst() {
        assertEquals(
                concat(
                        HEAD,
                        INPUT,
                        List.of(
                                "-map",
                                "0:V:0",
                                "-map",
                                "0:a:0?",
                                "-vf",
                                "scale=640:360,setsar=1",
                                "-c:v",
                                "libx264",
                                "-preset",
                                "veryfast",
                                "-crf",
                                "23",
                                "-pix_fmt",
                                "yuv420p",
                                "-c:a",
                                "aac",
                                "-b:a",
                                "128k",
                                "-movflags",
                                "+faststart",
                                "-map_metadata",
                                "-1",
                                "-map_chapters",
                                "-1",
                                "-f",
                                "mp4",
                                "file:/work/task_abc/output.mp4")),
                args(video(OutputFormat.MP4, 640, 360, 0.8, true)));
    }

    @Test
    void threadsBoundTheFiltersAndTheEncoderOfEveryFormat() {
        for (OutputFormat format : OutputFormat.values()) {
            if (format.isPackage()) {
                continue; // packaged by hls.HlsArgs, tested in HlsArgsTests
            }
            TranscodeSpec spec = format.kind() == Kind.AUDIO
                    ? new TranscodeSpec(format, null, null, 0.8, null, true)
                    : new TranscodeSpec(format, 640, 360, 0.8, null, true);
            Path output = OUT_DIR.resolve("output." + format.extension());
            List<String> args = TranscodeArgs.build(MediaInput.file(IN), output, spec, VIDEO_SECONDS, 3);
            assertContainsInOrder(args, "-y", "-filter_threads", "3");
            // The decoder's (an input option, before -i) and the encoder's (after it, before the output).
            assertContainsInOrder(args, "-y", "-filter_threads", "3", "-threads", "3");
            assertContainsInOrder(args, "-threads", "3", "-map_metadata");
            assertTrue(args.indexOf("-threads") < args.indexOf("-i"), args.toString());
            assertTrue(args.lastIndexOf("-threads") > args.indexOf("-i"), args.toString());
            assertEquals(TranscodeArgs.build(MediaInput.file(IN), output, spec, VIDEO_SECONDS), strip(args));
        }
    }

    /** {@code args} without the thread options: the same command FFmpeg's defaults would get. */
    private static List<String> strip(List<String> args) {
        List<String> rest = new ArrayList<>(args);
        for (String option : List.of("-filter_threads", "-threads", "-threads")) {
            int at = rest.indexOf(option);
            rest.subList(at, at + 2).clear();
        }
        return rest;
    }

    @Test
    void aStoreUrlInputIsReadOverTheNetworkOnlyAndWritesTheGivenFile() {
        String url = "https://s3.example.com/smidgen/prj_1/a.mov?X-Amz-Signature=abc";
        List<String> args = TranscodeArgs.build(
                MediaInput.storeUrl(url, 1000),
                Path.of("/data/.partial/transcode-task_abc-1.mp4"),
                video(OutputFormat.MP4, 640, 360, 0.8, true),
                VIDEO_SECONDS);
        assertEquals(List.of("-nostdin", "-hide_banner", "-v", "warning", "-y"), args.subList(0, 5));
        assertEquals("http,https,tcp,tls", args.get(args.indexOf("-protocol_whitelist") + 1));
        assertEquals(url, args.get(args.indexOf("-i") + 1));
        assertTrue(args.indexOf("-reconnect") < args.indexOf("-i"), "network options apply to the input");
        assertFalse(args.contains("file"), args.toString());
        assertEquals("file:/data/.partial/transcode-task_abc-1.mp4", args.get(args.size() - 1));
    }

    @Test
    void movIsTheSameEncodeInTheQuickTimeMuxer() {
        List<String> args = args(video(OutputFormat.MOV, 640, 360, 0.8, true));
        assertContainsInOrder(args, "-c:v", "libx264", "-preset", "veryfast", "-crf", "23");
        assertContainsInOrder(args, "-c:a", "aac", "-b:a", "128k");
        assertContainsInOrder(args, "-movflags", "+faststart");
        assertContainsInOrder(args, "-f", "mov", "file:/work/task_abc/output.mov");
    }

    @Test
    void webmIsConstantQualityVp9AndOpus() {
        List<String> args = args(video(OutputFormat.WEBM, 640, 360, 1.0, true));
        assertContainsInOrder(
                args,
                "-c:v",
                "libvpx-vp9",
                "-crf",
                "15",
                "-b:v",
                "0",
                "-deadline",
                "realtime",
                "-cpu-used",
                "6",
                "-row-mt",
                "1",
                "-pix_fmt",
                "yuv420p");
        assertContainsInOrder(args, "-c:a", "libopus", "-b:a", "160k");
        assertContainsInOrder(args, "-f", "webm");
        assertFalse(args.contains("-movflags"));
    }

    @Test
    void aviIsXvidCompatibleMpeg4WithConstantBitRateMp3() {
        List<String> args = args(video(OutputFormat.AVI, 640, 360, 0.0, true));
        assertContainsInOrder(args, "-c:v", "mpeg4", "-q:v", "31", "-tag:v", "XVID");
        assertContainsInOrder(args, "-c:a", "libmp3lame", "-b:a", "96k");
        assertContainsInOrder(args, "-f", "avi");
    }

    @Test
    void videoWithoutAudioMapsNoAudio() {
        for (OutputFormat format : formats(Kind.VIDEO)) {
            List<String> args = args(video(format, 320, 240, 0.8, false));
            assertFalse(args.contains("0:a:0?"), format + ": " + args);
            assertFalse(args.contains("-c:a"), format + ": " + args);
            assertTrue(args.contains("-an"), format + ": " + args);
            assertContainsInOrder(args, "-map", "0:V:0");
        }
    }

    @Test
    void videoWithAudioKeepsItsFirstAudioStream() {
        for (OutputFormat format : formats(Kind.VIDEO)) {
            List<String> args = args(video(format, 320, 240, 0.8, true));
            assertContainsInOrder(args, "-map", "0:V:0", "-map", "0:a:0?");
            assertFalse(args.contains("-an"), format + ": " + args);
        }
    }

    @Test
    void videoDimensionsAreEven() {
        for (OutputFormat format : formats(Kind.VIDEO)) {
            assertContainsInOrder(args(video(format, 641, 361, 0.8, false)), "-vf", "scale=640:360,setsar=1");
            assertContainsInOrder(args(video(format, 1, 1, 0.8, false)), "-vf", "scale=2:2,setsar=1");
        }
        assertEquals(1080, TranscodeArgs.even(1080));
        assertEquals(1078, TranscodeArgs.even(1079));
    }

    @Test
    void onlyMp4AndMovGetFaststart() {
        for (OutputFormat format : formats(Kind.VIDEO)) {
            boolean quickTime = format == OutputFormat.MP4 || format == OutputFormat.MOV;
            assertEquals(quickTime, args(video(format, 320, 240, 0.8, true)).contains("+faststart"), format.name());
        }
    }

    @Test
    void qualityReachesEveryKnob() {
        assertContainsInOrder(args(video(OutputFormat.MP4, 320, 240, 1.0, true)), "-crf", "18");
        assertContainsInOrder(args(video(OutputFormat.MP4, 320, 240, 1.0, true)), "-b:a", "192k");
        assertContainsInOrder(args(video(OutputFormat.MP4, 320, 240, 0.0, true)), "-crf", "40");
        assertContainsInOrder(args(video(OutputFormat.WEBM, 320, 240, 0.0, true)), "-crf", "50");
        assertContainsInOrder(args(audio(OutputFormat.MP3, 0.0)), "-q:a", "9");
        assertContainsInOrder(args(audio(OutputFormat.OGG, 0.0)), "-b:a", "48k");
        assertContainsInOrder(args(image(OutputFormat.JPEG, 1.0, null), VIDEO_SECONDS), "-q:v", "2");
        assertContainsInOrder(args(image(OutputFormat.WEBP, 0.5, null), VIDEO_SECONDS), "-quality", "50");
    }

    @Test
    void audioOutputsDropThePictureAndMapTheFirstAudioStream() {
        assertEquals(
                concat(
                        HEAD,
                        INPUT,
                        List.of(
                                "-vn",
                                "-map",
                                "0:a:0",
                                "-c:a",
                                "libmp3lame",
                                "-q:a",
                                "2",
                                "-map_metadata",
                                "-1",
                                "-map_chapters",
                                "-1",
                                "-f",
                                "mp3",
                                "file:/work/task_abc/output.mp3")),
                args(audio(OutputFormat.MP3, 0.8)));
        assertContainsInOrder(args(audio(OutputFormat.WAV, 0.1)), "-vn", "-map", "0:a:0", "-c:a", "pcm_s16le");
        assertContainsInOrder(args(audio(OutputFormat.WAV, 0.1)), "-f", "wav");
        assertContainsInOrder(
                args(audio(OutputFormat.OGG, 0.8)), "-vn", "-map", "0:a:0", "-c:a", "libopus", "-b:a", "96k");
        assertContainsInOrder(args(audio(OutputFormat.OGG, 0.8)), "-f", "ogg");
        assertContainsInOrder(
                args(audio(OutputFormat.FLAC, 0.1)), "-vn", "-map", "0:a:0", "-c:a", "flac", "-compression_level", "5");
        assertContainsInOrder(args(audio(OutputFormat.FLAC, 0.1)), "-f", "flac");
        for (OutputFormat format : formats(Kind.AUDIO)) {
            List<String> args = args(audio(format, 0.8));
            assertFalse(args.contains("-vf") || args.contains("-ss"), format + ": " + args);
        }
    }

    @Test
    void aacIsAnM4aWithItsIndexFirst() {
        assertEquals(
                concat(
                        HEAD,
                        INPUT,
                        List.of(
                                "-vn",
                                "-map",
                                "0:a:0",
                                "-c:a",
                                "aac",
                                "-b:a",
                                "128k",
                                "-movflags",
                                "+faststart",
                                "-map_metadata",
                                "-1",
                                "-map_chapters",
                                "-1",
                                "-f",
                                "ipod",
                                "file:/work/task_abc/output.m4a")),
                args(audio(OutputFormat.AAC, 0.8)));
        assertContainsInOrder(args(audio(OutputFormat.AAC, 0.0)), "-b:a", "96k");
        assertContainsInOrder(args(audio(OutputFormat.AAC, 1.0)), "-b:a", "192k");
    }

    @Test
    void opusIsOggOpusAt48kHz() {
        assertEquals(
                concat(
                        HEAD,
                        INPUT,
                        List.of(
                                "-vn",
                                "-map",
                                "0:a:0",
                                "-c:a",
                                "libopus",
                                "-b:a",
                                "96k",
                                "-ar",
                                "48000",
                                "-map_metadata",
                                "-1",
                                "-map_chapters",
                                "-1",
                                "-f",
                                "opus",
                                "file:/work/task_abc/output.opus")),
                args(audio(OutputFormat.OPUS, 0.8)));
        assertContainsInOrder(args(audio(OutputFormat.OPUS, 0.0)), "-b:a", "48k");
        assertContainsInOrder(args(audio(OutputFormat.OPUS, 1.0)), "-b:a", "160k");
        // The same encoding as an ogg, only the muxer differs: the same -b:a and -ar.
        List<String> ogg = args(audio(OutputFormat.OGG, 0.8));
        assertContainsInOrder(ogg, "-c:a", "libopus", "-b:a", "96k", "-ar", "48000");
        assertContainsInOrder(ogg, "-f", "ogg");
    }

    @Test
    void losslessAudioIgnoresQuality() {
        assertEquals(args(audio(OutputFormat.FLAC, 0.0)), args(audio(OutputFormat.FLAC, 1.0)));
        assertEquals(args(audio(OutputFormat.WAV, 0.0)), args(audio(OutputFormat.WAV, 1.0)));
    }

    @Test
    void frameGrabSeeksBeforeTheInput() {
        List<String> args = args(image(OutputFormat.JPEG, 0.8, 2.5), VIDEO_SECONDS);
        assertEquals(
                concat(
                        HEAD,
                        List.of("-ss", "2.500"),
                        INPUT,
                        List.of(
                                "-map",
                                "0:V:0",
                                "-frames:v",
                                "1",
                                "-vf",
                                "scale=320:180,setsar=1,format=rgba[picture];color=c=white:s=320x180[background];"
                                        + "[background][picture]overlay=shortest=1",
                                "-c:v",
                                "mjpeg",
                                "-q:v",
                                "4",
                                "-pix_fmt",
                                "yuvj420p",
                                "-update",
                                "1",
                                "-map_metadata",
                                "-1",
                                "-map_chapters",
                                "-1",
                                "-f",
                                "image2",
                                "file:/work/task_abc/output.jpg")),
                args);
        assertTrue(args.indexOf("-ss") < args.indexOf("-i"));
    }

    @Test
    void frameGrabsOfEveryImageFormatSeekBeforeTheInput() {
        for (OutputFormat format : formats(Kind.IMAGE)) {
            List<String> args = args(image(format, 0.8, 5.0), VIDEO_SECONDS);
            assertContainsInOrder(args, "-ss", "5.000", "-protocol_whitelist", "file");
            assertTrue(args.indexOf("-ss") < args.indexOf("-i"), format + ": " + args);
        }
    }

    @Test
    void defaultFrameIsOneSecondInOrHalfWayThroughAShortClip() {
        TranscodeSpec jpeg = image(OutputFormat.JPEG, 0.8, null);
        assertEquals(1.0, TranscodeArgs.frameSeconds(jpeg, VIDEO_SECONDS));
        assertEquals(0.75, TranscodeArgs.frameSeconds(jpeg, 1.5));
        assertContainsInOrder(args(jpeg, VIDEO_SECONDS), "-ss", "1.000");
        assertContainsInOrder(args(jpeg, 0.4), "-ss", "0.200");
    }

    @Test
    void aRequestedFrameAtOrPastTheEndIsTakenJustBeforeIt() {
        assertEquals(11.9, TranscodeArgs.frameSeconds(image(OutputFormat.PNG, 0.8, 99.0), VIDEO_SECONDS), 1e-9);
        assertEquals(11.9, TranscodeArgs.frameSeconds(image(OutputFormat.PNG, 0.8, 12.0), VIDEO_SECONDS), 1e-9);
        assertEquals(11.5, TranscodeArgs.frameSeconds(image(OutputFormat.PNG, 0.8, 11.5), VIDEO_SECONDS));
        // A GIF started there is a short clip, not an empty one.
        assertEquals(0.1, TranscodeArgs.outputSeconds(image(OutputFormat.GIF, 0.8, 99.0), VIDEO_SECONDS), 1e-9);
        // A clip too short to have a margin is taken from its start.
        assertEquals(0.0, TranscodeArgs.frameSeconds(image(OutputFormat.JPEG, 0.8, null), 0.05));
        assertFalse(args(image(OutputFormat.JPEG, 0.8, null), 0.05).contains("-ss"));
    }

    @Test
    void imageOutputsOfAStillImageDoNotSeek() {
        for (OutputFormat format : formats(Kind.IMAGE)) {
            List<String> args = args(image(format, 0.8, 3.0), null);
            assertFalse(args.contains("-ss") || args.contains("-t"), format + ": " + args);
            assertContainsInOrder(args, "-map", "0:V:0", "-frames:v", "1");
            assertNull(TranscodeArgs.frameSeconds(image(format, 0.8, 3.0), null));
        }
    }

    @Test
    void imageCodecs() {
        List<String> png = args(image(OutputFormat.PNG, 0.1, null), null);
        assertContainsInOrder(png, "-c:v", "png", "-pred", "mixed", "-compression_level", "9", "-update", "1");
        assertContainsInOrder(png, "-f", "image2");
        List<String> webp = args(image(OutputFormat.WEBP, 0.8, null), null);
        assertContainsInOrder(webp, "-c:v", "libwebp", "-quality", "80");
        assertContainsInOrder(webp, "-f", "webp");
        // PNG is lossless: quality changes nothing.
        assertEquals(args(image(OutputFormat.PNG, 0.0, null), null), args(image(OutputFormat.PNG, 1.0, null), null));
    }

    @Test
    void imageDimensionsAreKeptExactly() {
        assertContainsInOrder(
                args(image(OutputFormat.PNG, 0.8, null, 321, 179), null), "-vf", "scale=321:179,setsar=1");
    }

    @Test
    void gifOfAVideoIsAShortPalettedClip() {
        List<String> args = args(image(OutputFormat.GIF, 0.8, null), VIDEO_SECONDS);
        assertEquals(
                concat(
                        HEAD,
                        List.of("-ss", "1.000"),
                        INPUT,
                        List.of(
                                "-map",
                                "0:V:0",
                                "-t",
                                "3.000",
                                "-vf",
                                "fps=10,scale=320:180,setsar=1,split[frames][sample];"
                                        + "[sample]palettegen=max_colors=256[palette];[frames][palette]paletteuse",
                                "-c:v",
                                "gif",
                                "-loop",
                                "0",
                                "-map_metadata",
                                "-1",
                                "-map_chapters",
                                "-1",
                                "-f",
                                "gif",
                                "file:/work/task_abc/output.gif")),
                args);
        assertFalse(args.contains("-frames:v"));
        assertEquals(3.0, TranscodeArgs.outputSeconds(image(OutputFormat.GIF, 0.8, null), VIDEO_SECONDS));
    }

    @Test
    void aGifOfAVideoShorterThanOneGifFrameIsASinglePicture() {
        // One frame of H.264 lasts 0.04 s: an fps=10 clip of it is empty, and FFmpeg fails writing the GIF.
        TranscodeSpec gif = new TranscodeSpec(OutputFormat.GIF, 1024, 1024, 0.8, null, false);
        List<String> args = args(gif, 0.04);
        assertContainsInOrder(args, "-frames:v", "1");
        assertFalse(args.contains("-t"), args.toString());
        assertFalse(String.join(" ", args).contains("fps="), args.toString());
        assertNull(TranscodeArgs.outputSeconds(gif, 0.04));
        // A tenth of a second holds one GIF frame: animated.
        assertContainsInOrder(args(gif, 0.1), "-t", "0.100");
    }

    @Test
    void gifClipFitsTheVideo() {
        TranscodeSpec gif = image(OutputFormat.GIF, 0.8, null);
        // 4 s: 1 s in leaves exactly 3 s.
        assertEquals(1.0, TranscodeArgs.frameSeconds(gif, 4.0));
        assertEquals(3.0, TranscodeArgs.outputSeconds(gif, 4.0));
        // 2 s: the default start moves to 0 so the whole clip is the whole video.
        assertEquals(0.0, TranscodeArgs.frameSeconds(gif, 2.0));
        assertEquals(2.0, TranscodeArgs.outputSeconds(gif, 2.0));
        assertFalse(args(gif, 2.0).contains("-ss"));
        assertContainsInOrder(args(gif, 2.0), "-t", "2.000");
        // An explicit start is honoured; the clip ends with the video.
        assertEquals(1.5, TranscodeArgs.outputSeconds(image(OutputFormat.GIF, 0.8, 10.5), VIDEO_SECONDS));
    }

    @Test
    void gifOfAStillImageIsOneFrameWithItsOwnPalette() {
        List<String> args = args(image(OutputFormat.GIF, 0.0, null), null);
        assertContainsInOrder(
                args,
                "-map",
                "0:V:0",
                "-frames:v",
                "1",
                "-vf",
                "scale=320:180,setsar=1,split[frames][sample];[sample]palettegen=max_colors=16[palette];"
                        + "[frames][palette]paletteuse",
                "-c:v",
                "gif");
        assertFalse(args.contains("fps=10"));
        assertNull(TranscodeArgs.outputSeconds(image(OutputFormat.GIF, 0.8, null), null));
    }

    @Test
    void outputSecondsFollowTheInputForAudioAndVideoAndAreUnknownForSingleImages() {
        assertEquals(
                VIDEO_SECONDS,
                TranscodeArgs.outputSeconds(video(OutputFormat.WEBM, 320, 240, 0.8, true), VIDEO_SECONDS));
        assertEquals(VIDEO_SECONDS, TranscodeArgs.outputSeconds(audio(OutputFormat.FLAC, 0.8), VIDEO_SECONDS));
        assertNull(TranscodeArgs.outputSeconds(audio(OutputFormat.FLAC, 0.8), null));
        assertNull(TranscodeArgs.outputSeconds(image(OutputFormat.JPEG, 0.8, 2.0), VIDEO_SECONDS));
    }

    @Test
    void everyFormatNamesItsMuxerAndReadsOnlyTheLocalInput() {
        for (OutputFormat format : OutputFormat.values()) {
            if (format.isPackage()) {
                continue; // packaged by hls.HlsArgs, tested in HlsArgsTests
            }
            TranscodeSpec spec = switch (format.kind()) {
                case VIDEO -> video(format, 320, 240, 0.8, true);
                case AUDIO -> audio(format, 0.8);
                case IMAGE -> image(format, 0.8, null);
                case THUMBNAILS -> throw new AssertionError("no output format is of kind thumbnails");
            };
            List<String> args = args(spec, VIDEO_SECONDS);
            assertEquals("file:/work/task_abc/output." + format.extension(), args.get(args.size() - 1));
            assertEquals("-f", args.get(args.size() - 3), format + ": " + args);
            assertContainsInOrder(
                    args,
                    "-protocol_whitelist",
                    "file",
                    "-format_whitelist",
                    Demuxer.formatWhitelist(),
                    "-i",
                    "file:/work/task_abc/input.mov");
            assertContainsInOrder(args, "-map_metadata", "-1");
            assertEquals(HEAD, args.subList(0, HEAD.size()));
            // The runner adds the progress flags itself; twice would be an error.
            assertFalse(args.contains("-progress") || args.contains("-nostats"), format + ": " + args);
        }
    }

    @Test
    void inputNamesFfmpegWouldReadAsAPatternAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TranscodeArgs.build(
                        MediaInput.file(Path.of("/work/in%d.png")),
                        OUT_DIR.resolve("output.png"),
                        image(OutputFormat.PNG, 0.8, null),
                        null));
    }

    @Test
    void specsWithoutTheDimensionsTheirOutputNeedsAreRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> new TranscodeSpec(OutputFormat.MP4, null, null, 0.8, null, true));
        assertThrows(
                IllegalArgumentException.class, () -> new TranscodeSpec(OutputFormat.PNG, 320, null, 0.8, null, false));
        assertThrows(
                IllegalArgumentException.class, () -> new TranscodeSpec(OutputFormat.PNG, 0, 10, 0.8, null, false));
        assertThrows(
                IllegalArgumentException.class, () -> new TranscodeSpec(OutputFormat.JPEG, 320, 240, 0.8, -1.0, false));
        new TranscodeSpec(OutputFormat.MP3, null, null, 0.8, null, true);
    }

    private static TranscodeSpec video(OutputFormat format, int width, int height, double quality, boolean hasAudio) {
        return new TranscodeSpec(format, width, height, quality, null, hasAudio);
    }

    private static TranscodeSpec audio(OutputFormat format, double quality) {
        return new TranscodeSpec(format, null, null, quality, null, true);
    }

    private static TranscodeSpec image(OutputFormat format, double quality, Double frameAt) {
        return image(format, quality, frameAt, 320, 180);
    }

    private static TranscodeSpec image(OutputFormat format, double quality, Double frameAt, int width, int height) {
        return new TranscodeSpec(format, width, height, quality, frameAt, true);
    }

    private static List<String> args(TranscodeSpec spec) {
        return args(spec, VIDEO_SECONDS);
    }

    private static List<String> args(TranscodeSpec spec, Double inputDuration) {
        return TranscodeArgs.build(
                MediaInput.file(IN), OUT_DIR.resolve("output." + spec.format().extension()), spec, inputDuration);
    }

    private static List<OutputFormat> formats(Kind kind) {
        return java.util.Arrays.stream(OutputFormat.values())
                .filter(f -> f.kind() == kind && !f.isPackage())
                .toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    /** {@code expected} appears in {@code args} as one contiguous run. */
    private static void assertContainsInOrder(List<String> args, String... expected) {
        assertTrue(
                Collections.indexOfSubList(args, List.of(expected)) >= 0,
                "expected " + List.of(expected) + " in " + args);
    }
}
