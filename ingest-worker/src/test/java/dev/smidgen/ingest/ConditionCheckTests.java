package dev.smidgen.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.UploadConditions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionCheckTests {
    /** A 1280x720, 12.5 s H.264 video as ffprobe reports it. */
    private static final ProbeResult VIDEO = new ProbeResult(
            Kind.VIDEO,
            "video/mp4",
            "mp4",
            "mp4",
            "h264",
            "aac",
            1280,
            720,
            12.5,
            25.0,
            800_000L,
            5_000L,
            0,
            "landscape",
            true,
            true,
            false,
            false,
            312L);

    private static final ProbeResult AUDIO = new ProbeResult(
            Kind.AUDIO,
            "audio/mpeg",
            "mp3",
            "mp3",
            "mp3",
            "mp3",
            null,
            null,
            3.0,
            null,
            128_000L,
            48_000L,
            0,
            null,
            false,
            true,
            false,
            false,
            null);

    @Test
    void noConditionsLetEveryFileThrough() {
        assertDoesNotThrow(() -> ConditionCheck.require(UploadConditions.parse(null), VIDEO, 5_000));
    }

    @Test
    void aFileMeetingEveryRulePasses() {
        UploadConditions conditions = UploadConditions.parse(Map.of(
                "operator",
                "&&",
                "rules",
                List.of(rule("kind", "==", "video"), rule("filesize", "<=", 10_000), rule("duration", "<", 60))));
        assertDoesNotThrow(() -> ConditionCheck.require(conditions, VIDEO, 5_000));
    }

    @Test
    void failureNamesEveryFailedRuleAndIsPermanent() {
        UploadConditions conditions = UploadConditions.parse(
                List.of(rule("filesize", "<=", 100), rule("kind", "==", "video"), rule("width", ">=", 1920)));
        SmidgenException e =
                assertThrows(SmidgenException.class, () -> ConditionCheck.require(conditions, VIDEO, 5_000));
        assertEquals(ErrorCode.CONDITION_FAILED, e.code());
        assertEquals("conditions", e.field());
        assertFalse(e.isTransient());
        assertEquals("The file does not meet the upload conditions: filesize <= 100, width >= 1920.", e.getMessage());
    }

    @Test
    void filesizeIsTheReceivedByteCount() {
        UploadConditions conditions = UploadConditions.parse(List.of(rule("filesize", "<=", 100)));
        assertDoesNotThrow(() -> ConditionCheck.require(conditions, VIDEO, 100));
        assertThrows(SmidgenException.class, () -> ConditionCheck.require(conditions, VIDEO, 101));
    }

    @Test
    void aRuleOnAFactTheFileLacksFails() {
        UploadConditions conditions = UploadConditions.parse(List.of(rule("width", "<=", 4000)));
        SmidgenException e =
                assertThrows(SmidgenException.class, () -> ConditionCheck.require(conditions, AUDIO, 48_000));
        assertEquals("The file does not meet the upload conditions: width <= 4000.", e.getMessage());
    }

    private static Map<String, Object> rule(String key, String operator, Object value) {
        return Map.of("key", key, "operator", operator, "value", value);
    }
}
