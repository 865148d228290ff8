package dev.smidgen.api.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.api.sources.ConversionBody;
import dev.smidgen.catalog.jobs.JobKind;
import dev.smidgen.catalog.tasks.ConversionRequest;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.web.http.JsonBody;
import org.junit.jupiter.api.Test;

class JobBodiesTests {
    private final JobBodies bodies = new JobBodies();

    @Test
    void eachKindHasItsDefaultFormat() {
        assertEquals(OutputFormat.MP4, encode(JobKind.VIDEO, "{}").format());
        assertEquals(OutputFormat.MP3, encode(JobKind.AUDIO, "{}").format());
        assertEquals(OutputFormat.JPEG, encode(JobKind.IMAGE, "{}").format());
        assertEquals(OutputFormat.GIF, encode(JobKind.ANIMATION, "{}").format());
        assertEquals(OutputFormat.HLS, encode(JobKind.ADAPTIVE_VIDEO, "{}").format());
        assertEquals(Kind.VIDEO, encode(JobKind.ADAPTIVE_VIDEO, "{}").kind());
    }

    @Test
    void optionsAreTheConversionOptionsUnderTheirPublishedNames() {
        ConversionRequest r = encode(
                JobKind.VIDEO,
                "{\"format\":\"webm\",\"codec\":\"vp9\",\"width\":\"50%\",\"quality\":\"high\",\"fps\":24,"
                        + "\"start\":1,\"end\":3,\"fit\":\"cover\",\"height\":360,\"bitrate\":1000000}");
        assertEquals(OutputFormat.WEBM, r.format());
        assertEquals(50.0, r.encoding().widthPercent());
        assertEquals(360, r.height());
        assertEquals(24.0, r.encoding().fps());
        assertEquals(3.0, r.encoding().end());
        assertEquals(1.0, r.start());
    }

    @Test
    void anAnimatedWebpIsAlwaysAnimated() {
        ConversionRequest r = encode(JobKind.ANIMATION, "{\"format\":\"webp\"}");
        assertEquals((double) ConversionCheck.ANIMATION_FPS, r.encoding().fps());
        assertTrue(r.encoding().animates(r.format()));
    }

    @Test
    void aFormatOfAnotherKindIsRefused() {
        assertRefused("format", JobKind.VIDEO, "{\"format\":\"mp3\"}");
        assertRefused("format", JobKind.VIDEO, "{\"format\":\"hls\"}");
        assertRefused("format", JobKind.ANIMATION, "{\"format\":\"png\"}");
        assertRefused("format", JobKind.ADAPTIVE_VIDEO, "{\"format\":\"mp4\"}");
        assertRefused("fps", JobKind.VIDEO, "{\"fps\":500}");
        assertRefused("width", JobKind.AUDIO, "{\"width\":100}");
    }

    private ConversionRequest encode(JobKind kind, String options) {
        return bodies.encode(kind, JsonBody.parse(options), ConversionBody.Input.LATER);
    }

    private void assertRefused(String field, JobKind kind, String options) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> encode(kind, options));
        assertEquals(field, e.field(), e.getMessage());
    }
}
