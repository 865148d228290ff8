package dev.smidgen.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.StoryboardOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SegmentPolicyTests {
    private static final SegmentPolicy POLICY = new SegmentPolicy(true, Duration.ofMinutes(2), Duration.ofSeconds(30));

    private static TranscodeJob job(OutputFormat format, Double start, Double end) {
        EncodingOptions encoding = new EncodingOptions(null, null, null, null, null, null, null, null, null, end);
        return new TranscodeJob("file_in", format, 1280, 720, 0.8, start, "label", encoding);
    }

    @Test
    void progressiveVideosOfTheMinimumSpanOrMoreAreSplit() {
        assertTrue(POLICY.splits(job(OutputFormat.MP4, null, null), "video/mp4", 120.0));
        assertTrue(POLICY.splits(job(OutputFormat.WEBM, null, null), "video/mp4", 3600.0));
        assertTrue(POLICY.splits(job(OutputFormat.MOV, null, null), "video/quicktime", 121.0));
        assertFalse(POLICY.splits(job(OutputFormat.MP4, null, null), "video/mp4", 119.9));
    }

    @Test
    void theSpanIsWhatTheClipKeeps() {
        assertEquals(100.0, SegmentPolicy.span(job(OutputFormat.MP4, 20.0, null), 120.0));
        assertEquals(30.0, SegmentPolicy.span(job(OutputFormat.MP4, 10.0, 40.0), 600.0));
        assertEquals(110.0, SegmentPolicy.span(job(OutputFormat.MP4, 10.0, 900.0), 120.0), "end past the input");
        assertFalse(
                POLICY.splits(job(OutputFormat.MP4, 10.0, 40.0), "video/mp4", 600.0), "a short clip of a long input");
        assertTrue(POLICY.splits(job(OutputFormat.MP4, 60.0, 300.0), "video/mp4", 600.0));
    }

    @Test
    void hlsLaddersAreSplitInWholeHlsSegments() {
        assertTrue(POLICY.splits(job(OutputFormat.HLS, null, null), "video/mp4", 600.0));
        assertEquals(600.0, SegmentPolicy.span(job(OutputFormat.HLS, 10.0, 20.0), 600.0), "a ladder is never clipped");
        assertEquals(32.0, POLICY.lengthSeconds(job(OutputFormat.HLS, null, null)), "30 s is 7.5 HLS segments: 8");
        assertEquals(30.0, POLICY.lengthSeconds(job(OutputFormat.MP4, null, null)));
        SegmentPolicy shortOnes = new SegmentPolicy(true, Duration.ofSeconds(4), Duration.ofSeconds(1));
        assertEquals(4.0, shortOnes.lengthSeconds(job(OutputFormat.HLS, null, null)), "at least one HLS segment");
    }

    @Test
    void everythingElseRunsWhole() {
        assertFalse(POLICY.splits(job(OutputFormat.MP3, null, null), "video/mp4", 600.0), "audio");
        assertFalse(POLICY.splits(job(OutputFormat.GIF, null, null), "video/mp4", 600.0), "an animation");
        assertFalse(POLICY.splits(job(OutputFormat.MP4, null, null), "image/webp", 600.0), "an animated WebP");
        assertFalse(POLICY.splits(job(OutputFormat.MP4, null, null), "video/mp4", null), "no recorded duration");
        TranscodeJob storyboard = new TranscodeJob(
                "file_in",
                OutputFormat.JPEG,
                160,
                90,
                0.8,
                null,
                "thumbnails",
                EncodingOptions.NONE,
                new StoryboardOptions(null, null, null));
        assertFalse(POLICY.splits(storyboard, "video/mp4", 600.0), "a storyboard");
        SegmentPolicy off = new SegmentPolicy(false, Duration.ofMinutes(2), Duration.ofSeconds(30));
        assertFalse(off.splits(job(OutputFormat.MP4, null, null), "video/mp4", 600.0), "switched off");
    }
}
