package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console plays an item's HLS package in a real headless Chromium (docs/api/adaptive-streaming.md#the-console):
 * playback starts and {@code currentTime} advances, for a public project and for a private one, whose
 * package the console signs once by its file id and then plays through the rewritten playlists.
 */
@Order(86)
class HlsPlaybackIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    static TestStack env;
    Browser browser;
    String testName;

    @BeforeEach
    void start(TestInfo info) {
        Browser.require(); // without Chromium (and not required) every test is skipped, nothing started
        env = TestStack.get();
        testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void screenshot() {
        if (browser != null) {
            browser.screenshot("hls-" + testName);
            browser.close();
        }
    }

    @Test
    void aPublicPackagePlays() {
        playsInTheConsole(env.newProject("hls-play"), false);
    }

    @Test
    void aPrivatePackagePlaysFromItsSignedMasterUrl() {
        playsInTheConsole(env.newPrivateProject("hls-play-private"), true);
    }

    private void playsInTheConsole(Project project, boolean isPrivate) {
        Media video = Tasks.media(env, project, env.sources.url("/video.mp4"));
        String taskId = Tasks.convert(env, project, Map.of("media_id", video.id(), "kind", "adaptive_video"));
        JsonPath task = Tasks.awaitFinished(env, project, taskId, Duration.ofSeconds(180));
        assertEquals("completed", task.getString("status"), () -> task.getString("error.message"));
        String fileId = task.getString("output.id");
        // Unsigned, a private package is refused: only the console's signature can make it play.
        RestAssured.get(task.getString("output.url")).then().statusCode(isPrivate ? 403 : 200);

        browser = Browser.start();
        browser.open(env.stack.apiUrl() + "/console");
        browser.await(WAIT, d -> d.findElement(By.id("api-key")).isDisplayed());
        browser.driver().findElement(By.id("api-key")).sendKeys(project.key());
        browser.driver()
                .findElement(By.cssSelector("#sign-in-form button[type=submit]"))
                .click();
        browser.await(WAIT, d -> d.findElement(By.cssSelector(".media-grid")).isDisplayed());
        browser.open(env.stack.apiUrl() + "/console/#/media/" + video.id());
        WebElement player = browser.await(
                "the HLS player",
                WAIT,
                d -> d.findElement(By.cssSelector("video#player[data-stream='" + fileId + "']")));
        // Metadata arrives through the (signed) playlists and init segments before anything plays.
        Number duration = browser.await("the stream's duration", WAIT, d -> (Number) browser.js(
                "const v = arguments[0]; return v.readyState >= 1 && isFinite(v.duration) ? v.duration : null;",
                player));
        assertEquals(5.0, duration.doubleValue(), 0.3);
        assertTrue(
                List.of("hls.js", "native").contains(player.getAttribute("data-player")),
                player.getAttribute("data-player"));
        browser.js("const v = arguments[0]; v.muted = true; v.play();", player);
        Number first = browser.await("playback to start", WAIT, d -> (Number) browser.js(
                "const v = arguments[0]; return !v.paused && v.currentTime > 0.3 ? v.currentTime : null;", player));
        double started = first.doubleValue();
        Number later = browser.await("currentTime to advance", WAIT, d -> (Number) browser.js(
                "const v = arguments[0]; return v.currentTime > arguments[1] + 1.0 ? v.currentTime : null;",
                player,
                started));
        assertTrue(later.doubleValue() > started + 1.0);
        assertEquals(Boolean.FALSE, browser.js("return arguments[0].error !== null;", player));
        assertTrue(
                browser.driver()
                        .findElements(By.cssSelector("#alerts .alert.error"))
                        .isEmpty(),
                () -> "no error shown: " + browser.consoleLog());
    }
}
