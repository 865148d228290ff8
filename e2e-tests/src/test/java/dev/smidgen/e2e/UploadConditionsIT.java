package dev.smidgen.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upload conditions (docs/api/uploads.md#conditions) checked on the probed file: every key, every operator family, both
 * spellings ({@code key}/{@code prop}), {@code &&} and {@code ||}. A failure is 422
 * {@code condition_failed} naming the failed rules, and leaves no object, file or media.
 */
@Order(64)
class UploadConditionsIT {
    static TestStack env;
    static Project project;
    static Uploads uploads;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("upload-conditions");
        uploads = new Uploads(env, project);
    }

    enum Input {
        VIDEO,
        PNG,
        MP3
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // key, operator, value, input, passes
                Arguments.of("kind", "==", "video", Input.VIDEO, true),
                Arguments.of("kind", "==", "video", Input.PNG, false),
                Arguments.of("kind", "!=", "audio", Input.PNG, true),
                Arguments.of("kind", "!=", "audio", Input.MP3, false),
                Arguments.of("mimetype", "==", "video/mp4", Input.VIDEO, true),
                Arguments.of("type", "==", "image/*", Input.PNG, true),
                Arguments.of("mimetype", "!=", "image/png", Input.PNG, false),
                Arguments.of("filesize", "<=", 100_000, Input.PNG, true),
                Arguments.of("filesize", "<", 1000, Input.PNG, false),
                Arguments.of("filesize", ">", 1000, Input.MP3, true),
                Arguments.of("width", ">=", 640, Input.VIDEO, true),
                Arguments.of("width", ">", 640, Input.VIDEO, false),
                Arguments.of("height", "==", 240, Input.PNG, true),
                Arguments.of("height", "!=", 240, Input.PNG, false),
                Arguments.of("height", "<=", 1080, Input.MP3, false), // audio has no height
                Arguments.of("duration", "<=", 10, Input.VIDEO, true),
                Arguments.of("duration", ">=", 4.5, Input.MP3, false),
                Arguments.of("duration", "<", 3.5, Input.MP3, true));
    }

    @ParameterizedTest(name = "{0} {1} {2} on {3}: {4}")
    @MethodSource("rules")
    void eachRuleIsCheckedOnTheProbedFile(String key, String operator, Object value, Input input, boolean passes) {
        Map<String, Object> rule =
                Map.of(key.equals("type") ? "prop" : "key", key, "operator", operator, "value", value);
        Map<String, Object> session =
                uploads.session(Map.of("conditions", Map.of("operator", "&&", "rules", List.of(rule))));
        ValidatableResponse response = send(session, input);
        if (passes) {
            response.statusCode(201);
        } else {
            response.statusCode(422)
                    .body("error.code", equalTo("condition_failed"))
                    .body("error.field", equalTo("conditions"));
            assertNothingStored(session);
        }
    }

    @Test
    void allFailedRulesAreListed() {
        Map<String, Object> session = uploads.session(Map.of(
                "conditions",
                List.of(
                        Map.of("prop", "kind", "operator", "==", "value", "video"),
                        Map.of("key", "width", "operator", "<=", "value", 100),
                        Map.of("key", "filesize", "operator", "<=", "value", 104857600))));
        send(session, Input.VIDEO)
                .statusCode(422)
                .body("error.message", equalTo("The file does not meet the upload conditions: width <= 100."));
        Map<String, Object> both = uploads.session(Map.of(
                "conditions",
                List.of(
                        Map.of("key", "kind", "operator", "==", "value", "audio"),
                        Map.of("key", "width", "operator", "<=", "value", 100))));
        send(both, Input.VIDEO)
                .statusCode(422)
                .body(
                        "error.message",
                        equalTo("The file does not meet the upload conditions: kind == audio, width <= 100."));
        assertNothingStored(both);
    }

    @Test
    void anyRuleIsEnoughWithOr() {
        Map<String, Object> session = uploads.session(Map.of(
                "conditions",
                Map.of(
                        "operator",
                        "||",
                        "rules",
                        List.of(
                                Map.of("key", "kind", "operator", "==", "value", "audio"),
                                Map.of("key", "kind", "operator", "==", "value", "image")))));
        send(session, Input.PNG).statusCode(201);
        Map<String, Object> neither = uploads.session(Map.of(
                "conditions",
                Map.of(
                        "operator",
                        "||",
                        "rules",
                        List.of(
                                Map.of("key", "kind", "operator", "==", "value", "audio"),
                                Map.of("key", "kind", "operator", "==", "value", "image")))));
        send(neither, Input.VIDEO).statusCode(422).body("error.code", equalTo("condition_failed"));
    }

    @Test
    void conditionsAreEchoedInTheirCanonicalForm() {
        env.api(project)
                .body(Map.of("conditions", List.of(Map.of("prop", "type", "operator", "==", "value", "video/mp4"))))
                .post("/uploads")
                .then()
                .statusCode(200)
                .body("data.conditions.operator", equalTo("&&"))
                .body("data.conditions.rules[0].key", equalTo("mimetype"));
    }

    private ValidatableResponse send(Map<String, Object> session, Input input) {
        Path file = switch (input) {
            case VIDEO -> env.sources.video;
            case PNG -> env.sources.png;
            case MP3 -> env.sources.mp3;
        };
        String type = switch (input) {
            case VIDEO -> "video/mp4";
            case PNG -> "image/png";
            case MP3 -> "audio/mpeg";
        };
        return uploads.simple((String) session.get("url"), file, type);
    }

    private void assertNothingStored(Map<String, Object> session) {
        String id = (String) session.get("id");
        assertEquals(
                List.of(),
                env.objectKeys(project.id()).stream()
                        .filter(k -> k.contains(id))
                        .toList());
        String mediaId = (String) env.query("SELECT media_id FROM upload_sessions WHERE id = ?", id)
                .get(0)
                .get("media_id");
        assertEquals(0, env.count("SELECT count(*) FROM media WHERE id = ?", mediaId));
        assertEquals(
                0,
                env.count(
                        "SELECT count(*) FROM files WHERE media_id = ? OR id = (SELECT file_id FROM upload_sessions WHERE id = ?)",
                        mediaId,
                        id));
    }
}
