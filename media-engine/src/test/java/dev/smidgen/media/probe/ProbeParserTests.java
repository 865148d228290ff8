package dev.smidgen.media.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import org.junit.jupiter.api.Test;

/** ProbeParser on ffprobe 8.0 output captured from real files (trimmed to the fields that matter). */
class ProbeParserTests {

    /** An H.264/AAC MP4 whose display matrix turns it 90° counter-clockwise (ffmpeg -display_rotation 90). */
    static final String ROTATED_MP4 = """
            {"streams": [
              {"index": 0, "codec_name": "h264", "codec_type": "video", "width": 640, "height": 360,
               "sample_aspect_ratio": "1:1", "pix_fmt": "yuv420p", "r_frame_rate": "25/1", "avg_frame_rate": "25/1",
               "duration": "5.000000", "bit_rate": "1793451", "nb_frames": "125",
               "disposition": {"default": 1, "attached_pic": 0},
               "tags": {"language": "und", "handler_name": "VideoHandler"},
               "side_data_list": [{"side_data_type": "Display Matrix",
                 "displaymatrix": "\\n00000000:            0      -65536           0\\n", "rotation": 90}]},
              {"index": 1, "codec_name": "aac", "codec_type": "audio", "sample_rate": "44100", "channels": 2,
               "r_frame_rate": "0/0", "avg_frame_rate": "0/0", "duration": "5.000000", "bit_rate": "96097",
               "nb_frames": "217", "disposition": {"default": 1, "attached_pic": 0}}
            ],
            "format": {"nb_streams": 2, "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "format_long_name": "QuickTime / MOV",
              "duration": "5.000000", "size": "1185860", "bit_rate": "1897376", "probe_score": 100,
              "tags": {"major_brand": "isom", "minor_version": "512", "compatible_brands": "isomiso2avc1mp41"}}}
            """;

    /** An MP3 with an ID3 cover picture, which ffprobe lists as an attached_pic video stream. */
    static final String MP3_WITH_COVER = """
            {"streams": [
              {"index": 0, "codec_name": "mp3", "codec_type": "audio", "sample_rate": "44100", "channels": 1,
               "r_frame_rate": "0/0", "avg_frame_rate": "0/0", "duration": "3.000000", "bit_rate": "128000",
               "disposition": {"default": 0, "attached_pic": 0}},
              {"index": 1, "codec_name": "mjpeg", "codec_type": "video", "width": 320, "height": 240,
               "pix_fmt": "yuvj420p", "r_frame_rate": "90000/1", "avg_frame_rate": "0/0", "duration": "3.000000",
               "disposition": {"default": 0, "attached_pic": 1}, "tags": {"comment": "Other"}}
            ],
            "format": {"nb_streams": 2, "format_name": "mp3", "format_long_name": "MP2/3 (MPEG audio layer 2/3)",
              "duration": "3.000000", "size": "58433", "bit_rate": "155821", "probe_score": 51}}
            """;

    static final String PNG = """
            {"streams": [
              {"index": 0, "codec_name": "png", "codec_type": "video", "width": 320, "height": 240,
               "sample_aspect_ratio": "1:1", "pix_fmt": "rgb24", "r_frame_rate": "25/1", "avg_frame_rate": "25/1",
               "disposition": {"default": 0, "attached_pic": 0}}
            ],
            "format": {"nb_streams": 1, "format_name": "png_pipe", "format_long_name": "piped png sequence",
              "size": "8975", "probe_score": 99}}
            """;

    static final String ANIMATED_GIF = """
            {"streams": [
              {"index": 0, "codec_name": "gif", "codec_type": "video", "width": 64, "height": 48,
               "pix_fmt": "bgra", "r_frame_rate": "10/1", "avg_frame_rate": "10/1", "duration": "1.000000",
               "nb_frames": "10", "disposition": {"default": 0, "attached_pic": 0}}
            ],
            "format": {"nb_streams": 1, "format_name": "gif",
              "format_long_name": "CompuServe Graphics Interchange Format (GIF)",
              "duration": "1.000000", "size": "2553", "bit_rate": "20424", "probe_score": 100}}
            """;

    /** What ffprobe makes of an HTML page saved as .txt: the tty demuxer renders it as ANSI art "video". */
    static final String HTML_AS_TTY = """
            {"streams": [
              {"index": 0, "codec_name": "ansi", "codec_type": "video", "width": 640, "height": 400,
               "pix_fmt": "pal8", "r_frame_rate": "25/1", "avg_frame_rate": "25/1", "duration": "0.920000"}
            ],
            "format": {"filename": "big.txt", "nb_streams": 1, "format_name": "tty",
              "format_long_name": "Tele-typewriter", "duration": "0.920000", "size": "5492", "bit_rate": "47756",
              "probe_score": 99}}
            """;

    @Test
    void rotatedVideoIsReportedAsDisplayed() {
        ProbeResult r = ProbeParser.parse(ROTATED_MP4, 1_185_860);
        assertEquals(Kind.VIDEO, r.kind());
        assertEquals("video/mp4", r.mimeType());
        assertEquals("mp4", r.extension());
        assertEquals("mp4", r.container());
        assertEquals("h264", r.codec());
        assertEquals("aac", r.audioCodec());
        assertEquals(270, r.rotation(), "display matrix +90 (counter-clockwise) is 270 clockwise");
        assertEquals(360, r.width());
        assertEquals(640, r.height());
        assertEquals("portrait", r.orientation());
        assertEquals(25.0, r.fps());
        assertEquals(5.0, r.duration());
        assertEquals(1_897_376L, r.bitrate());
        assertEquals(1_185_860L, r.filesize());
        assertEquals(125L, r.frames());
        assertTrue(r.hasVideo());
        assertTrue(r.hasAudio());
        assertFalse(r.transparency());
        assertFalse(r.animated());
    }

    @Test
    void legacyRotateTagIsClockwise() {
        String json = ROTATED_MP4
                .replaceAll("\"side_data_list\": \\[[^\\]]*\\]", "\"side_data_list\": []")
                .replace(
                        "\"handler_name\": \"VideoHandler\"", "\"handler_name\": \"VideoHandler\", \"rotate\": \"90\"");
        ProbeResult r = ProbeParser.parse(json, 1);
        assertEquals(90, r.rotation());
        assertEquals(360, r.width());
        assertEquals(640, r.height());
    }

    @Test
    void upsideDownVideoKeepsItsSize() {
        ProbeResult r = ProbeParser.parse(ROTATED_MP4.replace("\"rotation\": 90", "\"rotation\": -180"), 1);
        assertEquals(180, r.rotation());
        assertEquals(640, r.width());
        assertEquals("landscape", r.orientation());
    }

    @Test
    void coverArtDoesNotMakeAudioAVideo() {
        ProbeResult r = ProbeParser.parse(MP3_WITH_COVER, 58_433);
        assertEquals(Kind.AUDIO, r.kind());
        assertEquals("audio/mpeg", r.mimeType());
        assertEquals("mp3", r.extension());
        assertEquals("mp3", r.codec());
        assertEquals(3.0, r.duration());
        assertEquals(155_821L, r.bitrate());
        assertNull(r.width());
        assertNull(r.height());
        assertNull(r.fps());
        assertNull(r.orientation());
        assertFalse(r.hasVideo());
        assertTrue(r.hasAudio());
        assertEquals(0, r.rotation());
    }

    @Test
    void pngIsAStillImage() {
        ProbeResult r = ProbeParser.parse(PNG, 8975);
        assertEquals(Kind.IMAGE, r.kind());
        assertEquals("image/png", r.mimeType());
        assertEquals("png", r.extension());
        assertEquals("png", r.container());
        assertEquals("png", r.codec());
        assertEquals(320, r.width());
        assertEquals(240, r.height());
        assertEquals("landscape", r.orientation());
        assertNull(r.duration());
        assertNull(r.fps());
        assertNull(r.bitrate());
        assertNull(r.frames());
        assertFalse(r.animated());
        assertFalse(r.hasVideo());
        assertFalse(r.hasAudio());
        assertFalse(r.transparency());
    }

    @Test
    void pngWithAlphaIsTransparent() {
        assertTrue(ProbeParser.parse(PNG.replace("rgb24", "rgba"), 1).transparency());
    }

    @Test
    void jpegThroughImage2IsAStillImage() {
        String json = PNG.replace("\"png\"", "\"mjpeg\"")
                .replace("png_pipe", "image2")
                .replace("\"size\"", "\"duration\": \"0.040000\", \"bit_rate\": \"1893000\", \"size\"");
        ProbeResult r = ProbeParser.parse(json, 9465);
        assertEquals(Kind.IMAGE, r.kind());
        assertEquals("image/jpeg", r.mimeType());
        assertEquals("jpg", r.extension());
        assertEquals("mjpeg", r.codec());
        assertNull(r.duration(), "a still image has no duration, whatever image2 invents");
        assertNull(r.bitrate());
    }

    @Test
    void animatedGifIsAnAnimatedImage() {
        ProbeResult r = ProbeParser.parse(ANIMATED_GIF, 2553);
        assertEquals(Kind.IMAGE, r.kind());
        assertEquals("image/gif", r.mimeType());
        assertEquals("gif", r.extension());
        assertTrue(r.animated());
        assertEquals(10L, r.frames());
        assertEquals(1.0, r.duration());
        assertEquals(10.0, r.fps());
        assertEquals(64, r.width());
        assertEquals(48, r.height());
        assertFalse(r.hasVideo());
    }

    @Test
    void singleFrameGifIsStill() {
        ProbeResult r = ProbeParser.parse(ANIMATED_GIF.replace("\"nb_frames\": \"10\"", "\"nb_frames\": \"1\""), 1);
        assertFalse(r.animated());
        assertNull(r.duration());
        assertNull(r.fps());
    }

    @Test
    void htmlReadAsTtyIsRejected() {
        SmidgenException e = rejected(HTML_AS_TTY);
        assertEquals("The file is text, not media.", e.getMessage());
    }

    @Test
    void formatsOffTheAllowListAreRejected() {
        SmidgenException e = rejected(ANIMATED_GIF
                .replace("\"format_name\": \"gif\"", "\"format_name\": \"mpjpeg\"")
                .replace("CompuServe Graphics Interchange Format (GIF)", "MIME multipart JPEG"));
        assertEquals("The file's format (MIME multipart JPEG) is not supported.", e.getMessage());
        rejected(ROTATED_MP4.replace("mov,mp4,m4a,3gp,3g2,mj2", "hls"));
    }

    @Test
    void ffprobeErrorsAreRejectedWithTheirReason() {
        SmidgenException e = rejected("""
                {"error": {"code": -1094995529, "string": "Invalid data found when processing input"}}
                """);
        assertEquals(
                "The file is not media Smidgen can read (Invalid data found when processing input).", e.getMessage());
    }

    @Test
    void emptyOrMalformedReportsAreRejected() {
        rejected("");
        rejected("not json");
        rejected("{}");
        rejected("{\"streams\": [], \"format\": {\"format_name\": \"mp3\", \"duration\": \"3.0\"}}");
    }

    @Test
    void videoWithoutSizeOrFramesIsRejected() {
        rejected(ROTATED_MP4.replace("\"width\": 640", "\"width\": 0"));
        String noTime = ROTATED_MP4
                .replace("\"duration\": \"5.000000\"", "\"duration\": \"0.000000\"")
                .replace("\"nb_frames\": \"125\"", "\"nb_frames\": \"0\"");
        assertEquals("The video has no frames.", rejected(noTime).getMessage());
    }

    @Test
    void undecodableStreamsDoNotCount() {
        String unknownCodecs = MP3_WITH_COVER.replace("\"codec_name\": \"mp3\", ", "");
        rejected(unknownCodecs);
    }

    @Test
    void animatedWebpIsRejectedClearly() {
        String webp = PNG.replace("\"png\"", "\"webp\"")
                .replace("png_pipe", "webp_pipe")
                .replace("\"width\": 320, \"height\": 240", "\"width\": 0, \"height\": 0");
        // Ffprobe reads such a file's chunks instead; the parser alone refuses it.
        assertTrue(ProbeParser.isUndecodedWebp(webp));
        assertFalse(ProbeParser.isUndecodedWebp(PNG));
        assertFalse(
                ProbeParser.isUndecodedWebp(PNG.replace("\"png\"", "\"webp\"").replace("png_pipe", "webp_pipe")));
        assertEquals(
                "The WebP picture has no size FFmpeg can read.", rejected(webp).getMessage());
    }

    @Test
    void imageDemuxerMustCarryItsOwnCodec() {
        rejected(PNG.replace("\"png\"", "\"mjpeg\""));
        rejected(PNG.replace("\"png\"", "\"dpx\"").replace("png_pipe", "image2"));
    }

    @Test
    void heifIsRejected() {
        rejected(ROTATED_MP4.replace("\"major_brand\": \"isom\"", "\"major_brand\": \"heic\""));
    }

    @Test
    void anAvifStillIsAnImage() {
        String avif = """
                {"streams": [{"index": 0, "codec_name": "av1", "codec_type": "video", "width": 321, "height": 241,
                   "pix_fmt": "yuv420p", "r_frame_rate": "1/1", "avg_frame_rate": "0/0", "nb_frames": "1",
                   "disposition": {"default": 1, "attached_pic": 0}}],
                 "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "tags": {"major_brand": "avif"}}}
                """;
        ProbeResult r = ProbeParser.parse(avif, 3_804);
        assertEquals(Kind.IMAGE, r.kind());
        assertEquals("image/avif", r.mimeType());
        assertEquals("avif", r.extension());
        assertEquals("av1", r.codec());
        assertEquals(321, r.width());
        assertEquals(241, r.height());
        assertEquals(null, r.duration());
        // An AVIF image sequence is refused as before.
        rejected(avif.replace("\"major_brand\": \"avif\"", "\"major_brand\": \"avis\""));
    }

    @Test
    void quickTimeBrandIsMov() {
        ProbeResult r =
                ProbeParser.parse(ROTATED_MP4.replace("\"major_brand\": \"isom\"", "\"major_brand\": \"qt  \""), 1);
        assertEquals("video/quicktime", r.mimeType());
        assertEquals("mov", r.extension());
        assertEquals("mov", r.container());
    }

    @Test
    void audioOnlyMp4IsM4a() {
        String m4a = """
                {"streams": [{"index": 0, "codec_name": "aac", "codec_type": "audio", "duration": "2.000000",
                   "nb_frames": "88", "disposition": {"attached_pic": 0}}],
                 "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "2.000000", "bit_rate": "75140",
                   "tags": {"major_brand": "M4A "}}}
                """;
        ProbeResult r = ProbeParser.parse(m4a, 18_785);
        assertEquals(Kind.AUDIO, r.kind());
        assertEquals("audio/mp4", r.mimeType());
        assertEquals("m4a", r.extension());
        assertEquals("aac", r.codec());
    }

    @Test
    void matroskaIsWebmOnlyWithWebCodecs() {
        String webm = """
                {"streams": [
                  {"index": 0, "codec_name": "vp9", "codec_type": "video", "width": 640, "height": 360,
                   "pix_fmt": "yuv420p", "r_frame_rate": "25/1", "avg_frame_rate": "25/1",
                   "tags": {"DURATION": "00:00:01.000000000", "ALPHA_MODE": "1"}},
                  {"index": 1, "codec_name": "opus", "codec_type": "audio", "r_frame_rate": "0/0", "avg_frame_rate": "0/0"}],
                 "format": {"format_name": "matroska,webm", "duration": "1.008000", "bit_rate": "853579"}}
                """;
        ProbeResult r = ProbeParser.parse(webm, 107_551);
        assertEquals("video/webm", r.mimeType());
        assertEquals("webm", r.extension());
        assertEquals("vp9", r.codec());
        assertEquals(1.008, r.duration());
        assertTrue(r.transparency(), "VP9 alpha is flagged by the Matroska ALPHA_MODE tag");

        ProbeResult mkv = ProbeParser.parse(webm.replace("vp9", "h264").replace("opus", "aac"), 1);
        assertEquals("video/x-matroska", mkv.mimeType());
        assertEquals("mkv", mkv.extension());
    }

    @Test
    void oggOpusAudioUsesTheOpusExtension() {
        String ogg = """
                {"streams": [{"index": 0, "codec_name": "opus", "codec_type": "audio", "duration": "2.006500"}],
                 "format": {"format_name": "ogg", "duration": "2.006500", "bit_rate": "72033"}}
                """;
        ProbeResult r = ProbeParser.parse(ogg, 18_067);
        assertEquals("audio/ogg; codecs=opus", r.mimeType());
        assertEquals("opus", r.extension());
        assertEquals("ogg", r.container());
    }

    @Test
    void fpsComesFromTheAverageRateThenTheRealRate() {
        ProbeResult ntsc = ProbeParser.parse(
                ROTATED_MP4.replace("\"avg_frame_rate\": \"25/1\"", "\"avg_frame_rate\": \"30000/1001\""), 1);
        assertEquals(29.97, ntsc.fps());
        ProbeResult fallback = ProbeParser.parse(
                ROTATED_MP4
                        .replace("\"avg_frame_rate\": \"25/1\"", "\"avg_frame_rate\": \"0/0\"")
                        .replace("\"r_frame_rate\": \"25/1\"", "\"r_frame_rate\": \"24/1\""),
                1);
        assertEquals(24.0, fallback.fps());
    }

    @Test
    void missingBitrateIsDerivedFromSizeAndDuration() {
        ProbeResult r = ProbeParser.parse(MP3_WITH_COVER.replace("\"bit_rate\": \"155821\", ", ""), 60_000);
        assertEquals(160_000L, r.bitrate());
    }

    private static SmidgenException rejected(String json) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> ProbeParser.parse(json, 100));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA, e.code());
        return e;
    }
}
