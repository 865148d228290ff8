package dev.smidgen.media.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.convert.EncodingOptions;
import dev.smidgen.model.convert.QualityPreset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityScaleTests {

    @Test
    void theDocumentedTable() {
        int[][] rows = {
            // q=0, 0.8, 1
            {40, 23, 18}, // H264_CRF
            {40, 28, 22}, // H265_CRF
            {55, 35, 22}, // AV1_CRF
            {50, 32, 15}, // VP9_CRF
            {31, 4, 2}, // MPEG4_QSCALE
            {96, 128, 192}, // AAC_KBPS
            {48, 96, 160}, // OPUS_KBPS
            {96, 160, 192}, // MP3_CBR_KBPS
            {9, 2, 0}, // MP3_VBR_QUALITY
            {31, 4, 2}, // JPEG_QSCALE
            {0, 80, 100}, // WEBP_QUALITY
            {16, 256, 256}, // GIF_COLOURS
            {55, 32, 18}, // AVIF_CRF
        };
        QualityScale[] knobs = QualityScale.values();
        assertEquals(rows.length, knobs.length, "a knob was added without updating the table");
        for (int i = 0; i < knobs.length; i++) {
            assertEquals(rows[i][0], knobs[i].at(0.0), knobs[i] + " at 0");
            assertEquals(rows[i][1], knobs[i].at(QualityScale.DEFAULT), knobs[i] + " at the default");
            assertEquals(rows[i][2], knobs[i].at(1.0), knobs[i] + " at 1");
        }
    }

    /** The per-codec table of named qualities in docs/api/conversions.md#quality, very_low to very_high. */
    @Test
    void theNamedQualitiesPerCodec() {
        Map<QualityScale, int[]> table = new LinkedHashMap<>();
        table.put(QualityScale.H264_CRF, new int[] {36, 32, 27, 23, 18});
        table.put(QualityScale.H265_CRF, new int[] {37, 34, 31, 28, 22});
        table.put(QualityScale.VP9_CRF, new int[] {46, 41, 37, 32, 15});
        table.put(QualityScale.AV1_CRF, new int[] {50, 45, 40, 35, 22});
        table.put(QualityScale.MPEG4_QSCALE, new int[] {24, 18, 11, 4, 2});
        // Audio rates in kb/s (higher is better): the aac and opus files, and the audio of mp4/mov and webm.
        table.put(QualityScale.AAC_KBPS, new int[] {104, 112, 120, 128, 192});
        table.put(QualityScale.OPUS_KBPS, new int[] {60, 72, 84, 96, 160});
        table.forEach((knob, values) -> {
            QualityPreset[] presets = QualityPreset.values();
            assertEquals(presets.length, values.length);
            for (int i = 0; i < presets.length; i++) {
                assertEquals(values[i], knob.at(presets[i].quality()), knob + " at " + presets[i].wire());
                if (i > 0) {
                    assertTrue(
                            knob.higherIsBetter() ? values[i] > values[i - 1] : values[i] < values[i - 1],
                            knob + ": each step is strictly better than the one below");
                }
            }
        });
    }

    /** Every quality of an audio file lands inside the bit rates the API lets a request ask for. */
    @Test
    void audioFileRatesStayInsideTheRequestableRange() {
        for (QualityScale knob : new QualityScale[] {QualityScale.AAC_KBPS, QualityScale.OPUS_KBPS}) {
            for (int step = 0; step <= 100; step++) {
                long bps = knob.at(step / 100.0) * 1000L;
                assertTrue(
                        bps >= EncodingOptions.MIN_AUDIO_BITRATE && bps <= EncodingOptions.MAX_AUDIO_BITRATE,
                        knob + " at " + step / 100.0 + ": " + bps);
            }
        }
    }

    @Test
    void interpolatesBetweenThePoints() {
        assertEquals(32, QualityScale.H264_CRF.at(0.4)); // 40 + (23 - 40) * 0.5 = 31.5, rounded half up
        assertEquals(21, QualityScale.H264_CRF.at(0.9)); // 23 + (18 - 23) * 0.5 = 20.5
        assertEquals(40, QualityScale.WEBP_QUALITY.at(0.4));
        assertEquals(160, QualityScale.AAC_KBPS.at(0.9));
        assertEquals(6, QualityScale.MP3_VBR_QUALITY.at(0.3)); // 9 - 7 * 0.375 = 6.375
    }

    @Test
    void higherQualityNeverGivesAWorseSetting() {
        for (QualityScale knob : QualityScale.values()) {
            int previous = knob.at(0.0);
            for (int step = 1; step <= 1000; step++) {
                int value = knob.at(step / 1000.0);
                assertTrue(
                        knob.higherIsBetter() ? value >= previous : value <= previous,
                        knob + " got worse from " + previous + " to " + value + " at quality " + step / 1000.0);
                previous = value;
            }
            assertTrue(knob.at(1.0) != knob.at(0.0), knob + " does not respond to quality");
        }
    }

    @Test
    void directionIsKnownPerKnob() {
        assertFalse(QualityScale.H264_CRF.higherIsBetter());
        assertFalse(QualityScale.MP3_VBR_QUALITY.higherIsBetter());
        assertTrue(QualityScale.OPUS_KBPS.higherIsBetter());
        assertTrue(QualityScale.GIF_COLOURS.higherIsBetter());
    }

    @Test
    void outOfRangeQualityClamps() {
        for (QualityScale knob : QualityScale.values()) {
            assertEquals(knob.at(0.0), knob.at(-3.0), knob.name());
            assertEquals(knob.at(1.0), knob.at(1.5), knob.name());
            assertEquals(knob.at(1.0), knob.at(Double.POSITIVE_INFINITY), knob.name());
            assertEquals(knob.at(0.0), knob.at(Double.NEGATIVE_INFINITY), knob.name());
            assertEquals(knob.at(QualityScale.DEFAULT), knob.at(Double.NaN), knob.name());
        }
    }

    @Test
    void settingsStayInsideWhatTheEncodersAccept() {
        for (int step = 0; step <= 100; step++) {
            double q = step / 100.0;
            assertInRange(QualityScale.H264_CRF.at(q), 0, 51);
            assertInRange(QualityScale.VP9_CRF.at(q), 0, 63);
            assertInRange(QualityScale.H265_CRF.at(q), 0, 51);
            assertInRange(QualityScale.AV1_CRF.at(q), 1, 63);
            assertInRange(QualityScale.AVIF_CRF.at(q), 0, 63);
            assertInRange(QualityScale.MPEG4_QSCALE.at(q), 2, 31);
            assertInRange(QualityScale.JPEG_QSCALE.at(q), 2, 31);
            assertInRange(QualityScale.MP3_VBR_QUALITY.at(q), 0, 9);
            assertInRange(QualityScale.WEBP_QUALITY.at(q), 0, 100);
            assertInRange(QualityScale.GIF_COLOURS.at(q), 4, 256); // palettegen's own limits
            assertInRange(QualityScale.OPUS_KBPS.at(q), 6, 510);
        }
    }

    private static void assertInRange(int value, int min, int max) {
        assertTrue(value >= min && value <= max, value + " outside " + min + ".." + max);
    }
}
