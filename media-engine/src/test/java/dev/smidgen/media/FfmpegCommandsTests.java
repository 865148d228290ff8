package dev.smidgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.media.probe.Demuxer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegCommandsTests {
    private static final Path MEDIA = Path.of("/work/in/task_abc.mp4");
    private static final Path FRAME = Path.of("/tmp/summary/frame.png");
    private static final String WHITELIST =
            "mov,matroska,avi,mpegts,mp3,wav,aiff,ogg,flac,aac,png_pipe,apng,jpeg_pipe,webp_pipe,gif,bmp_pipe,tiff_pipe,image2";

    @Test
    void probeReadsOnlyALocalFileThroughAllowListedDemuxers() {
        assertEquals(
                List.of(
                        "-v",
                        "error",
                        "-hide_banner",
                        "-max_pixels",
                        "67108864",
                        "-protocol_whitelist",
                        "file",
                        "-format_whitelist",
                        WHITELIST,
                        "-print_format",
                        "json",
                        "-show_format",
                        "-show_streams",
                        "-show_error",
                        "file:/work/in/task_abc.mp4"),
                FfmpegCommands.probe(MediaInput.file(MEDIA)));
    }

    @Test
    void probeOfAStoreUrlMayUseTheNetworkAndLogsItsWarnings() {
        String url = "http://127.0.0.1:9000/smidgen/prj_1/.uploads/upl_1?X-Amz-Signature=abc";
        List<String> args = FfmpegCommands.probe(MediaInput.storeUrl(url, 10));
        assertEquals(
                List.of(
                        "-v",
                        "warning",
                        "-hide_banner",
                        "-max_pixels",
                        "67108864",
                        "-protocol_whitelist",
                        "http,https,tcp,tls",
                        "-format_whitelist",
                        WHITELIST),
                args.subList(0, 9));
        assertEquals(url, args.get(args.size() - 1));
    }

    @Test
    void frameGrabOfAStoreUrlReadsItOverTheNetworkAndWritesALocalFrame() {
        String url = "http://127.0.0.1:9000/smidgen/prj_1/a.mp4?X-Amz-Signature=abc";
        List<String> args = FfmpegCommands.frameGrab(MediaInput.storeUrl(url, 10), 1.0, FRAME);
        assertEquals("warning", args.get(args.indexOf("-v") + 1));
        assertEquals("http,https,tcp,tls", args.get(args.indexOf("-protocol_whitelist") + 1));
        assertEquals(url, args.get(args.indexOf("-i") + 1));
        assertEquals("file:/tmp/summary/frame.png", args.get(args.size() - 1));
    }

    @Test
    void whitelistNamesEveryAllowedDemuxer() {
        assertEquals(WHITELIST, Demuxer.formatWhitelist());
    }

    @Test
    void frameGrabSeeksBeforeTheInputAndSkipsCoverArt() {
        List<String> args = FfmpegCommands.frameGrab(MediaInput.file(MEDIA), 1.0, FRAME);
        assertEquals(
                List.of(
                        "-nostdin",
                        "-hide_banner",
                        "-v",
                        "error",
                        "-ss",
                        "1.000",
                        "-protocol_whitelist",
                        "file",
                        "-format_whitelist",
                        WHITELIST,
                        "-i",
                        "file:/work/in/task_abc.mp4",
                        "-map",
                        "0:V:0",
                        "-frames:v",
                        "1",
                        "-an",
                        "-sn",
                        "-dn",
                        "-vf",
                        FfmpegCommands.fit(256) + ",setsar=1",
                        "-c:v",
                        "png",
                        "-f",
                        "image2",
                        "-update",
                        "1",
                        "-y",
                        "file:/tmp/summary/frame.png"),
                args);
        assertTrue(args.indexOf("-ss") < args.indexOf("-i"));
        assertTrue(args.indexOf("-protocol_whitelist") < args.indexOf("-i"));
    }

    @Test
    void frameGrabOfAnImageDoesNotSeek() {
        assertFalse(
                FfmpegCommands.frameGrab(MediaInput.file(MEDIA), null, FRAME).contains("-ss"));
        assertFalse(FfmpegCommands.frameGrab(MediaInput.file(MEDIA), 0.0, FRAME).contains("-ss"));
        assertTrue(FfmpegCommands.frameGrab(MediaInput.file(MEDIA), 0.25, FRAME).contains("0.250"));
    }

    @Test
    void placeholderIsATinyWebpOnStdout() {
        assertEquals(
                List.of(
                        "-nostdin",
                        "-hide_banner",
                        "-v",
                        "error",
                        "-protocol_whitelist",
                        "file",
                        "-format_whitelist",
                        WHITELIST,
                        "-i",
                        "file:/tmp/summary/frame.png",
                        "-frames:v",
                        "1",
                        "-vf",
                        FfmpegCommands.fit(20) + ",setsar=1",
                        "-c:v",
                        "libwebp",
                        "-quality",
                        "40",
                        "-compression_level",
                        "6",
                        "-map_metadata",
                        "-1",
                        "-f",
                        "webp",
                        "pipe:1"),
                FfmpegCommands.placeholder(FRAME, 20, 40));
    }

    @Test
    void averageColourIsOneRawRgbPixelOnStdout() {
        assertEquals(
                List.of(
                        "-nostdin",
                        "-hide_banner",
                        "-v",
                        "error",
                        "-protocol_whitelist",
                        "file",
                        "-format_whitelist",
                        WHITELIST,
                        "-i",
                        "file:/tmp/summary/frame.png",
                        "-frames:v",
                        "1",
                        "-vf",
                        "scale=1:1:flags=area,format=rgb24",
                        "-f",
                        "rawvideo",
                        "pipe:1"),
                FfmpegCommands.averageColour(FRAME));
    }

    @Test
    void fitKeepsAspectRatioWithoutUpscalingOrZeroSides() {
        assertEquals(
                "scale=w='if(gte(iw*sar,ih),min(20,iw*sar),max(1,min(20,ih)*iw*sar/ih))'"
                        + ":h='if(gte(iw*sar,ih),max(1,min(20,iw*sar)*ih/(iw*sar)),min(20,ih))'",
                FfmpegCommands.fit(20));
    }

    @Test
    void inputsAreAbsoluteFileUrlsEvenWithColons() {
        assertEquals("file:/in/a:b.mp4", FfmpegCommands.input(Path.of("/in/./a:b.mp4")));
        assertTrue(FfmpegCommands.input(Path.of("relative.mp4")).startsWith("file:/"));
    }

    @Test
    void inputsThatImage2WouldTreatAsPatternsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> FfmpegCommands.probe(MediaInput.file(Path.of("/in/frame%03d.png"))));
    }
}
