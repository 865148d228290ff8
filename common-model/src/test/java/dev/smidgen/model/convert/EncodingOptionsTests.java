package dev.smidgen.model.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.probe.ProbedFacts;
import dev.smidgen.model.probe.TestFacts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The encoding vocabulary as a request spells it: what is accepted, and the code and field of what is not. */
class EncodingOptionsTests {
    private static final ProbedFacts HD_VIDEO = TestFacts.of(Kind.VIDEO, 1920, 1080, 30.0, true);
    private static final ProbedFacts PHOTO = TestFacts.of(Kind.IMAGE, 1001, 667, null, false);

    @Test
    void everyCodecGoesInTheContainersThatHoldIt() {
        Map<OutputFormat, List<VideoCodec>> pairs = Map.of(
                OutputFormat.MP4, List.of(VideoCodec.H264, VideoCodec.H265, VideoCodec.AV1),
                OutputFormat.WEBM, List.of(VideoCodec.VP9, VideoCodec.AV1),
                OutputFormat.MOV, List.of(VideoCodec.H264, VideoCodec.H265),
                OutputFormat.AVI, List.of(VideoCodec.MPEG4));
        for (OutputFormat format : List.of(OutputFormat.MP4, OutputFormat.WEBM, OutputFormat.MOV, OutputFormat.AVI)) {
            for (VideoCodec codec : VideoCodec.values()) {
                if (pairs.get(format).contains(codec)) {
                    assertEquals(codec, VideoCodec.parse(codec.wire(), format, "codec"));
                } else {
                    SmidgenException e = assertCode(
                            ErrorCode.CONVERSION_NOT_ALLOWED, () -> VideoCodec.parse(codec.wire(), format, "codec"));
                    assertEquals("codec", e.field());
                    // The message names the pair and what the container takes.
                    assertTrue(e.getMessage().contains(format.wire()), e.getMessage());
                    assertTrue(e.getMessage().contains(codec.wire()), e.getMessage());
                }
            }
            assertEquals(pairs.get(format).get(0), VideoCodec.defaultFor(format));
        }
        assertEquals(VideoCodec.H265, VideoCodec.parse("HEVC", OutputFormat.MP4, "codec"));
        assertNull(VideoCodec.parse(null, OutputFormat.MP4, "codec"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> VideoCodec.parse("theora", OutputFormat.WEBM, "codec"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> VideoCodec.parse(264, OutputFormat.MP4, "codec"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> VideoCodec.parse("h264", OutputFormat.MP3, "codec"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> VideoCodec.parse("h264", OutputFormat.PNG, "codec"));
    }

    @Test
    void anHlsPackageTakesSizeQualityAndH264Only() {
        assertEquals(VideoCodec.H264, VideoCodec.parse("h264", OutputFormat.HLS, "codec"));
        assertCode(ErrorCode.CONVERSION_NOT_ALLOWED, () -> VideoCodec.parse("vp9", OutputFormat.HLS, "codec"));
        EncodingOptions sized = EncodingOptions.read(
                Map.<String, Object>of("width", "50%", "quality", "medium")::get, OutputFormat.HLS, "");
        assertEquals(50.0, sized.widthPercent());
        for (Map.Entry<String, Object> option : Map.<String, Object>of(
                        "fit", "contain", "position", "top", "fps", 24, "bitrate", 1_000_000, "end", 2)
                .entrySet()) {
            SmidgenException e = assertCode(
                    ErrorCode.INVALID_REQUEST,
                    () -> EncodingOptions.read(Map.of(option.getKey(), option.getValue())::get, OutputFormat.HLS, ""));
            assertEquals(option.getKey(), e.field());
        }
        assertCode(ErrorCode.INVALID_REQUEST, () -> ConversionCheck.start(1, OutputFormat.HLS, "start"));
    }

    @Test
    void qualityIsANumberOrANamedStep() {
        assertEquals(0.5, QualityPreset.quality(0.5, "quality"));
        assertEquals(1.0, QualityPreset.quality(1, "quality"));
        assertNull(QualityPreset.quality(null, "quality"));
        double previous = -1;
        for (QualityPreset preset : QualityPreset.values()) {
            double q = QualityPreset.quality(preset.wire(), "quality");
            assertTrue(q > previous, preset + " above the step below it");
            previous = q;
        }
        assertEquals(0.8, QualityPreset.quality("high", "quality"), "high is the default");
        assertEquals(QualityPreset.VERY_LOW, QualityPreset.named("very-low"));
        assertEquals(1.0, QualityPreset.quality("VERY_HIGH", "quality"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> QualityPreset.quality("best", "quality"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> QualityPreset.quality(1.5, "quality"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> QualityPreset.quality(-0.1, "quality"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> QualityPreset.quality(Double.NaN, "quality"));
        assertCode(ErrorCode.INVALID_REQUEST, () -> QualityPreset.quality(true, "quality"));
    }

    @Test
    void optionsAreReadWithTheirTypes() {
        EncodingOptions o = read(
                OutputFormat.MP4,
                Map.of(
                        "codec", "h265",
                        "quality", "medium",
                        "width", "50%",
                        "height", 360,
                        "fit", "contain",
                        "position", "top-left",
                        "background", "#FFF",
                        "fps", 24,
                        "bitrate", 2_000_000,
                        "end", 4.5));
        assertEquals(
                new EncodingOptions(
                        VideoCodec.H265,
                        QualityPreset.MEDIUM,
                        50.0,
                        null,
                        Fit.CONTAIN,
                        Position.TOP_LEFT,
                        "#ffffff",
                        24.0,
                        2_000_000L,
                        4.5),
                o);
        assertEquals(EncodingOptions.NONE, read(OutputFormat.WEBM, Map.of()));
        assertEquals(Fit.FILL, EncodingOptions.NONE.fitOrDefault());
        assertEquals(Position.CENTER, EncodingOptions.NONE.positionOrDefault());
        assertEquals(Position.CENTER, Position.parse("centre", "position"));
        for (Position p : Position.values()) {
            assertEquals(p, Position.parse(p.wire(), "position"));
        }
        assertEquals(
                "#11223344",
                read(OutputFormat.PNG, Map.of("fit", "contain", "background", "11223344"))
                        .background());
        assertEquals(
                128_000L, read(OutputFormat.MP3, Map.of("bitrate", 128_000)).bitrate());
        assertEquals(33.5, read(OutputFormat.PNG, Map.of("height", "33.5%")).heightPercent());
    }

    @Test
    void badValuesAreNamed() {
        assertField("width", OutputFormat.MP4, Map.of("width", "half"));
        assertField("width", OutputFormat.MP4, Map.of("width", "0%"));
        assertField("height", OutputFormat.MP4, Map.of("height", "-5%"));
        assertField("fit", OutputFormat.PNG, Map.of("fit", "stretch"));
        assertField("position", OutputFormat.PNG, Map.of("position", "middle"));
        assertField("background", OutputFormat.PNG, Map.of("fit", "contain", "background", "red"));
        // A background only pads a contained picture.
        assertField("background", OutputFormat.PNG, Map.of("background", "#ffffff"));
        assertField("background", OutputFormat.MP4, Map.of("fit", "cover", "background", "#ffffff"));
        assertField("fit", OutputFormat.MP3, Map.of("fit", "cover"));
        assertField("position", OutputFormat.OGG, Map.of("position", "top"));
        assertField("fps", OutputFormat.MP4, Map.of("fps", 0.5));
        assertField("fps", OutputFormat.MP4, Map.of("fps", 61));
        assertField("fps", OutputFormat.MP4, Map.of("fps", "30"));
        assertField("fps", OutputFormat.MP3, Map.of("fps", 30));
        assertField("fps", OutputFormat.JPEG, Map.of("fps", 30));
        assertField("bitrate", OutputFormat.MP4, Map.of("bitrate", 299_999));
        assertField("bitrate", OutputFormat.WEBM, Map.of("bitrate", 60_000_001));
        assertField("bitrate", OutputFormat.MOV, Map.of("bitrate", 1_000_000.5));
        assertField("bitrate", OutputFormat.MP3, Map.of("bitrate", 16_000));
        assertField("bitrate", OutputFormat.OGG, Map.of("bitrate", 400_000));
        assertField("bitrate", OutputFormat.FLAC, Map.of("bitrate", 128_000));
        assertField("bitrate", OutputFormat.WAV, Map.of("bitrate", 128_000));
        assertField("bitrate", OutputFormat.JPEG, Map.of("bitrate", 1_000_000));
        assertField("end", OutputFormat.MP4, Map.of("end", 0));
        assertField("end", OutputFormat.MP4, Map.of("end", "5"));
        assertField("end", OutputFormat.JPEG, Map.of("end", 5));
        // The prefix of a template names the nested field.
        SmidgenException e = assertThrows(
                SmidgenException.class,
                () -> EncodingOptions.read(Map.<String, Object>of("fit", "x")::get, OutputFormat.PNG, "tasks[2]."));
        assertEquals("tasks[2].fit", e.field());
    }

    @Test
    void everyLossyAudioFormatTakesTheJobsApisBitRates() {
        // The jobs generation publishes 32,000–320,000 bps for audio; each lossy format takes all of it.
        for (OutputFormat format : List.of(OutputFormat.MP3, OutputFormat.OGG, OutputFormat.AAC, OutputFormat.OPUS)) {
            assertEquals(32_000L, read(format, Map.of("bitrate", 32_000)).bitrate(), format.wire());
            assertEquals(320_000L, read(format, Map.of("bitrate", 320_000)).bitrate(), format.wire());
            assertField("bitrate", format, Map.of("bitrate", 31_999));
            assertField("bitrate", format, Map.of("bitrate", 320_001));
        }
    }

    @Test
    void percentagesAreOfTheInputsSides() {
        EncodingOptions half = read(OutputFormat.MP4, Map.of("width", "50%"));
        assertEquals(
                new ConversionCheck.OutputSize(960, 540),
                ConversionCheck.check(HD_VIDEO, OutputFormat.MP4, null, null, null, half));
        EncodingOptions both = read(OutputFormat.PNG, Map.of("width", "10%", "height", "100%"));
        assertEquals(
                new ConversionCheck.OutputSize(100, 667),
                ConversionCheck.check(PHOTO, OutputFormat.PNG, null, null, null, both));
        EncodingOptions mixed = read(OutputFormat.PNG, Map.of("height", "50%"));
        assertEquals(
                new ConversionCheck.OutputSize(500, 334),
                ConversionCheck.check(PHOTO, OutputFormat.PNG, 500, null, null, mixed));
        SmidgenException up = assertCode(
                ErrorCode.UPSCALE_NOT_ALLOWED,
                () -> ConversionCheck.check(
                        PHOTO, OutputFormat.PNG, null, null, null, read(OutputFormat.PNG, Map.of("height", "150%"))));
        assertEquals("height", up.field());
    }

    @Test
    void anEndFallsAfterTheStartAndWithinTheInput() {
        EncodingOptions toTen = read(OutputFormat.MP4, Map.of("end", 10));
        ConversionCheck.check(HD_VIDEO, OutputFormat.MP4, null, null, 2.0, toTen);
        ConversionCheck.check(HD_VIDEO, OutputFormat.MP3, null, null, null, toTen);
        ConversionCheck.check(HD_VIDEO, OutputFormat.MP4, null, null, null, read(OutputFormat.MP4, Map.of("end", 30)));
        assertEquals(
                "end",
                assertCode(
                                ErrorCode.INVALID_REQUEST,
                                () -> ConversionCheck.check(HD_VIDEO, OutputFormat.MP4, null, null, 10.0, toTen))
                        .field());
        assertEquals(
                "end",
                assertCode(
                                ErrorCode.INVALID_REQUEST,
                                () -> ConversionCheck.check(
                                        HD_VIDEO,
                                        OutputFormat.MP4,
                                        null,
                                        null,
                                        null,
                                        read(OutputFormat.MP4, Map.of("end", 30.5))))
                        .field());
        assertEquals(
                "start",
                assertCode(
                                ErrorCode.INVALID_REQUEST,
                                () -> ConversionCheck.check(HD_VIDEO, OutputFormat.MP3, null, null, 30.0, toTen))
                        .field());
    }

    @Test
    void gifAndWebpAreAnimationsOfAClip() {
        EncodingOptions clip = read(OutputFormat.WEBP, Map.of("end", 2.5, "fps", 15));
        assertTrue(clip.animates(OutputFormat.WEBP));
        assertTrue(EncodingOptions.NONE.animates(OutputFormat.GIF), "a gif always is");
        assertTrue(!EncodingOptions.NONE.animates(OutputFormat.WEBP), "a webp only when asked");
        assertEquals(30.0, read(OutputFormat.GIF, Map.of("fps", 30)).fps());
        assertField("fps", OutputFormat.GIF, Map.of("fps", 31));
        assertField("fps", OutputFormat.PNG, Map.of("fps", 10));
        assertField("end", OutputFormat.AVIF, Map.of("end", 1));

        // An animation is sized like a GIF: at most 1024 a side, a larger input scaled to fit.
        assertEquals(
                new ConversionCheck.OutputSize(1024, 576),
                ConversionCheck.check(HD_VIDEO, OutputFormat.WEBP, null, null, null, clip));
        assertEquals(
                new ConversionCheck.OutputSize(1920, 1080),
                ConversionCheck.check(HD_VIDEO, OutputFormat.WEBP, null, null, null, EncodingOptions.NONE));
        assertEquals(
                "width",
                assertCode(
                                ErrorCode.OUTPUT_TOO_LARGE,
                                () -> ConversionCheck.check(HD_VIDEO, OutputFormat.WEBP, 1280, null, null, clip))
                        .field());
        // Frames times pixels are bounded: 30 s at 10 fps of 1024x576 is 177 megapixels.
        EncodingOptions long30 = read(OutputFormat.GIF, Map.of("end", 30));
        SmidgenException big = assertCode(
                ErrorCode.OUTPUT_TOO_LARGE,
                () -> ConversionCheck.check(HD_VIDEO, OutputFormat.GIF, null, null, null, long30));
        assertEquals("end", big.field());
        assertEquals(
                new ConversionCheck.OutputSize(320, 180),
                ConversionCheck.check(HD_VIDEO, OutputFormat.GIF, 320, null, null, long30));
        // 3 s at 30 fps of 1024x576 (53 megapixels) is allowed; 10 s is not.
        ConversionCheck.check(
                HD_VIDEO, OutputFormat.WEBP, null, null, null, read(OutputFormat.WEBP, Map.of("fps", 30)));
        assertCode(
                ErrorCode.OUTPUT_TOO_LARGE,
                () -> ConversionCheck.check(
                        HD_VIDEO,
                        OutputFormat.WEBP,
                        null,
                        null,
                        null,
                        read(OutputFormat.WEBP, Map.of("fps", 30, "end", 10))));
        // A still input has nothing to animate.
        assertEquals(
                "fps",
                assertCode(
                                ErrorCode.INVALID_REQUEST,
                                () -> ConversionCheck.check(
                                        PHOTO,
                                        OutputFormat.WEBP,
                                        null,
                                        null,
                                        null,
                                        read(OutputFormat.WEBP, Map.of("fps", 10))))
                        .field());
        assertEquals(
                "end",
                assertCode(
                                ErrorCode.INVALID_REQUEST,
                                () -> ConversionCheck.check(PHOTO, OutputFormat.GIF, null, null, null, long30))
                        .field());
    }

    private static EncodingOptions read(OutputFormat format, Map<String, Object> values) {
        return EncodingOptions.read(new HashMap<>(values)::get, format, "");
    }

    private static void assertField(String field, OutputFormat format, Map<String, Object> values) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> read(format, values), values.toString());
        assertEquals(ErrorCode.INVALID_REQUEST, e.code(), values.toString());
        assertEquals(field, e.field(), values.toString());
    }

    private static SmidgenException assertCode(ErrorCode code, Runnable call) {
        SmidgenException e = assertThrows(SmidgenException.class, call::run);
        assertEquals(code, e.code());
        return e;
    }
}
