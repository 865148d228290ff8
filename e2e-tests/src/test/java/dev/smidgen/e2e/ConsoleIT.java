package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.Tasks.Media;
import dev.smidgen.e2e.TestStack.Project;
import dev.smidgen.media.testing.TestMedia;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real headless Chromium against the whole stack: sign in, drop files and
 * watch them reach READY, survive a cut connection and a page reload mid-upload, filter, play,
 * convert, edit, delete and restore. Every test leaves a screenshot in {@code target/screenshots/}.
 */
@Order(85)
class ConsoleIT {
    /** The console's chunk size (transfers.js): uploads larger than this are resumable. */
    static final long CHUNK = 5L * 1024 * 1024;

    static final Duration UPLOAD = Duration.ofSeconds(90);
    /** Started by the first test that has a browser, so a machine without one starts nothing. */
    static TestStack env;

    static Path bigVideo;
    Project project;
    Browser browser;
    String testName;

    private static synchronized void startStack() {
        if (env == null) {
            env = TestStack.get();
            bigVideo = TestMedia.constantBitrateVideo(env.sources.video.getParent(), "console-big", 14);
            assertTrue(size(bigVideo) > 3 * CHUNK, "the big video spans more than three chunks");
        }
    }

    @BeforeEach
    void signIn(TestInfo info) {
        // Each test, not the class: without Chromium the report counts every test as skipped.
        Browser.require();
        startStack();
        testName = info.getTestMethod().orElseThrow().getName();
        project = env.newProject("console-" + testName);
        browser = Browser.start();
        signInAs(project.key());
    }

    @AfterEach
    void screenshot() {
        if (browser != null) {
            browser.screenshot("console-" + testName);
            browser.close();
        }
    }

    private void signInAs(String key) {
        browser.open(env.stack.apiUrl() + "/console");
        browser.await(UPLOAD, d -> d.findElement(By.id("api-key")).isDisplayed());
        browser.driver().findElement(By.id("api-key")).sendKeys(key);
        browser.driver()
                .findElement(By.cssSelector("#sign-in-form button[type=submit]"))
                .click();
    }

    private void awaitLibrary() {
        browser.await(
                UPLOAD,
                d -> "false".equals(d.findElement(By.cssSelector(".media-grid")).getAttribute("aria-busy")));
    }

    @Test
    void aWrongKeyIsRefusedWithTheApisCode() {
        browser.js("sessionStorage.clear();");
        browser.driver().navigate().refresh();
        signInAs("smdg_not_a_key_of_anyone");
        WebElement alert =
                browser.await(Duration.ofSeconds(10), d -> d.findElement(By.cssSelector("#alerts .alert.error")));
        assertEquals("unauthorized", alert.getAttribute("data-code"));
        assertTrue(alert.getText().contains("(unauthorized)"), alert.getText());
        assertTrue(browser.driver().findElement(By.id("sign-in")).isDisplayed());
    }

    @Test
    void droppedVideoAndImageReachReadyAndJoinTheLibrary() {
        awaitLibrary();
        browser.dropFiles(browser.driver().findElement(By.id("library")), env.sources.video, env.sources.png);
        for (String name : List.of("video.mp4", "image.png")) {
            WebElement card = awaitCard(name, "ready");
            assertEquals("100", card.getAttribute("data-percent"), name);
            assertEquals(
                    Boolean.TRUE,
                    browser.js(
                            "const bar = arguments[0].querySelector('progress'); return bar.value === bar.max;", card));
            assertEquals("READY", card.findElement(By.cssSelector(".state")).getText());
        }
        List<String> titles = browser.await(UPLOAD, d -> {
            List<String> t = d.findElements(By.cssSelector(".media-grid .tile .tile-title")).stream()
                    .map(WebElement::getText)
                    .sorted()
                    .toList();
            return t.size() == 2 ? t : null;
        });
        assertEquals(List.of("image.png", "video.mp4"), titles);
        assertEquals(
                2,
                env.api(project)
                        .get("/media")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("meta.total"));
    }

    @Test
    void aFileThatBreaksTheUploadConditionsShowsTheFailedRule() {
        awaitLibrary();
        browser.driver().findElement(By.cssSelector(".upload-options summary")).click();
        browser.driver()
                .findElement(By.id("upload-conditions"))
                .sendKeys("[{\"key\": \"kind\", \"operator\": \"==\", \"value\": \"image\"}]");
        browser.dropFiles(browser.driver().findElement(By.id("library")), env.sources.mp3);
        WebElement card = awaitCard("audio.mp3", "failed");
        assertEquals("condition_failed", card.getAttribute("data-error-code"));
        String message = card.findElement(By.cssSelector(".upload-message")).getText();
        assertTrue(message.contains("kind == image") && message.contains("(condition_failed)"), message);
        assertEquals(
                0,
                env.api(project)
                        .get("/media")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("meta.total"));
    }

    @Test
    void anUploadCutOffMidwayResumesWhereItStopped() {
        awaitLibrary();
        browser.throttle(2_000_000);
        long sentBefore = browser.sentBytes();
        pick(bigVideo);
        awaitSentAbove("console-big.mp4", CHUNK + 512 * 1024); // the first chunk is stored, the second on its way
        browser.offline();
        WebElement card = awaitCard("console-big.mp4", "retrying");
        assertTrue(card.getText().contains("Connection lost"), card.getText());
        browser.screenshot("console-upload-offline");
        browser.online();
        awaitCard("console-big.mp4", "ready");
        assertStoredWhole(card, bigVideo);
        // Resumed from the chunks the server held: at most the chunk that was cut is sent twice.
        long sent = browser.sentBytes() - sentBefore;
        assertTrue(
                sent < size(bigVideo) + CHUNK + 256 * 1024,
                "the browser sent " + sent + " bytes for a " + size(bigVideo) + "-byte file");
    }

    @Test
    void aReloadMidUploadResumesWhenTheFileIsChosenAgain() {
        awaitLibrary();
        browser.throttle(2_000_000);
        pick(bigVideo);
        awaitSentAbove("console-big.mp4", CHUNK + 512 * 1024);
        browser.driver().navigate().refresh();
        WebElement card = awaitCard("console-big.mp4", "interrupted");
        browser.await(UPLOAD, d -> sent(card) >= CHUNK);
        browser.screenshot("console-upload-after-reload");
        browser.unthrottle();
        card.findElement(By.cssSelector("input.resume-input")).sendKeys(bigVideo.toString());
        browser.await(UPLOAD, d -> card.getAttribute("data-resumed-from") != null);
        assertTrue(
                Long.parseLong(card.getAttribute("data-resumed-from")) >= CHUNK,
                card.getAttribute("data-resumed-from"));
        awaitCard("console-big.mp4", "ready");
        assertStoredWhole(card, bigVideo);
        assertEquals(
                1,
                env.api(project)
                        .get("/media")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("meta.total"));
    }

    @Test
    void anUploadPausesResumesAndShowsItsSpeed() {
        awaitLibrary();
        browser.throttle(2_000_000);
        pick(bigVideo);
        awaitSentAbove("console-big.mp4", 2 * 1024 * 1024);
        WebElement card = awaitCard("console-big.mp4", "uploading");
        assertTrue(card.findElement(By.cssSelector(".speed")).getText().endsWith("/s"), card.getText());
        assertTrue(card.findElement(By.cssSelector(".eta")).getText().endsWith("left"), card.getText());
        card.findElement(By.xpath(".//button[text()='Pause']")).click();
        awaitCard("console-big.mp4", "paused");
        long pausedAt = browser.sentBytes();
        Tasks.sleep(1500);
        assertTrue(browser.sentBytes() - pausedAt < 64 * 1024, "nothing more is sent while paused");
        browser.unthrottle();
        card.findElement(By.xpath(".//button[text()='Resume']")).click();
        awaitCard("console-big.mp4", "ready");
        assertStoredWhole(card, bigVideo);
    }

    @Test
    void aCancelledUploadLeavesNothingBehind() {
        awaitLibrary();
        browser.throttle(2_000_000);
        pick(bigVideo);
        awaitSentAbove("console-big.mp4", CHUNK + 512 * 1024);
        WebElement card = awaitCard("console-big.mp4", "uploading");
        card.findElement(By.xpath(".//button[text()='Cancel']")).click();
        awaitCard("console-big.mp4", "cancelled");
        browser.await(
                UPLOAD,
                d -> "cancelled"
                        .equals(env.api(project)
                                .get("/uploads")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getString("data[0].status")));
        browser.await(UPLOAD, d -> env.objectKeys(project.id()).isEmpty());
        assertEquals(
                0,
                env.api(project)
                        .get("/media")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("meta.total"));
    }

    @Test
    void theLibraryFiltersByMetadata() {
        String red = createMedia(Map.of("team", "red", "user_id", 123));
        createMedia(Map.of("team", "blue"));
        browser.driver().navigate().refresh();
        awaitLibrary();
        browser.await(
                UPLOAD, d -> d.findElements(By.cssSelector(".media-grid .tile")).size() == 2);
        browser.driver().findElement(By.id("meta")).sendKeys("team=red, user_id=123");
        browser.driver()
                .findElement(By.cssSelector("form.filters button[type=submit]"))
                .click();
        List<String> ids = browser.await(UPLOAD, d -> {
            List<String> shown = d.findElements(By.cssSelector(".media-grid .tile")).stream()
                    .map(t -> t.getAttribute("data-id"))
                    .toList();
            return shown.size() == 1 ? shown : null;
        });
        assertEquals(List.of(red), ids);
        assertTrue(
                browser.driver().getCurrentUrl().contains("meta=team%3Dred"),
                browser.driver().getCurrentUrl());
    }

    @Test
    void anItemPlaysConvertsToWebmIsEditedDeletedAndRestored() {
        Media video = Tasks.media(env, project, env.sources.url("/video.mp4"));
        browser.open(env.stack.apiUrl() + "/console/#/media/" + video.id());
        Number duration = browser.await(
                UPLOAD,
                d -> (Number)
                        browser.js(
                                "const v = document.getElementById('player'); return v && v.readyState >= 1 && isFinite(v.duration) ? v.duration : null;"));
        assertEquals(5.0, duration.doubleValue(), 0.2);

        new Select(browser.driver().findElement(By.id("convert-kind"))).selectByValue("video");
        new Select(browser.driver().findElement(By.id("convert-format"))).selectByValue("webm");
        browser.driver().findElement(By.id("convert-width")).sendKeys("320");
        browser.driver()
                .findElement(By.cssSelector("form.convert button[type=submit]"))
                .click();
        WebElement task = browser.await(UPLOAD, d -> d.findElement(By.cssSelector(".task-list .task")));
        String taskId = task.getAttribute("data-id");
        browser.await(Duration.ofSeconds(120), d -> "completed".equals(task.getAttribute("data-status")));
        WebElement source =
                browser.await(UPLOAD, d -> d.findElement(By.cssSelector(".source[data-label='video-webm-320']")));
        assertTrue(source.getAttribute("class").contains("new"));
        String url = source.findElement(By.cssSelector("input.url")).getAttribute("value");
        assertTrue(url.endsWith(".webm"), url);
        browser.screenshot("console-media-detail");

        WebElement title = browser.driver().findElement(By.id("edit-title"));
        title.clear();
        title.sendKeys("Test pattern");
        browser.driver().findElement(By.xpath("//button[text()='Add field']")).click();
        List<WebElement> keys = browser.driver().findElements(By.cssSelector(".metadata-row .meta-key"));
        keys.get(keys.size() - 1).sendKeys("campaign");
        List<WebElement> values = browser.driver().findElements(By.cssSelector(".metadata-row .meta-value"));
        values.get(values.size() - 1).sendKeys("spring");
        browser.driver()
                .findElement(By.cssSelector("form.edit button[type=submit]"))
                .click();
        // Saving re-renders the page, so the heading is read afresh each time rather than held.
        browser.await(
                UPLOAD,
                d -> "Test pattern"
                        .equals(browser.js("return document.querySelector('.media-detail h1').textContent;")));
        JsonPath saved = env.api(project)
                .get("/media/" + video.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("Test pattern", saved.getString("data.title"));
        assertEquals("spring", saved.getString("data.metadata.campaign"));

        browser.driver().findElement(By.id("delete-media")).click();
        browser.driver().switchTo().alert().accept();
        browser.await(UPLOAD, d -> d.findElement(By.id("restore-media")));
        env.api(project).get("/media/" + video.id()).then().statusCode(404);
        browser.screenshot("console-deleted");
        browser.driver().findElement(By.id("restore-media")).click();
        browser.await(UPLOAD, d -> d.findElements(By.id("player")).size() == 1);
        env.api(project).get("/media/" + video.id()).then().statusCode(200);

        browser.open(env.stack.apiUrl() + "/console/#/tasks");
        WebElement row = browser.await(UPLOAD, d -> d.findElement(By.cssSelector("tr[data-id='" + taskId + "']")));
        assertEquals("completed", row.getAttribute("data-status"));
    }

    @Test
    void theLibraryFitsAPhoneScreen() {
        createMedia(Map.of());
        browser.close();
        browser = Browser.start(390, 844);
        signInAs(project.key());
        awaitLibrary();
        browser.await(
                UPLOAD, d -> d.findElements(By.cssSelector(".media-grid .tile")).size() == 1);
        assertEquals(
                Boolean.TRUE,
                browser.js("return document.documentElement.scrollWidth <= window.innerWidth;"),
                "nothing sticks out sideways on a phone");
        // Everything the library offers is reachable from the keyboard.
        browser.driver().findElement(By.tagName("body")).click();
        List<String> focused = new java.util.ArrayList<>();
        // Skip link, five navigation links and sign-out come first; 16 steps reach past the upload button.
        for (int i = 0; i < 16; i++) {
            browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            focused.add(String.valueOf(
                    browser.js("const e = document.activeElement; return e.id || e.textContent.trim();")));
        }
        assertTrue(focused.contains("Select files"), focused.toString());
    }

    // --- helpers

    private String createMedia(Map<String, Object> metadata) {
        return env.api(project)
                .body(Map.of("url", env.sources.url("/image.png"), "metadata", metadata))
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    private void pick(Path file) {
        browser.driver().findElement(By.id("file-picker")).sendKeys(file.toString());
    }

    private WebElement awaitCard(String name, String state) {
        return browser.await(
                UPLOAD,
                d -> d.findElements(By.cssSelector(".upload-card[data-name='" + name + "']")).stream()
                        .filter(c -> state.equals(c.getAttribute("data-state")))
                        .findFirst()
                        .orElse(null));
    }

    private void awaitSentAbove(String name, long bytes) {
        WebElement card = awaitCard(name, "uploading");
        browser.await(UPLOAD, d -> sent(card) > bytes);
    }

    private static long sent(WebElement card) {
        String value = card.getAttribute("data-sent");
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The upload became one Media whose original is byte for byte the file. */
    private void assertStoredWhole(WebElement card, Path file) {
        String mediaId = card.getAttribute("data-media-id");
        JsonPath media = env.api(project)
                .get("/media/" + mediaId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(size(file), media.getLong("data.filesize"));
        assertEquals("sha256:" + Sources.sha256(file), media.getString("data.sources[0].checksum"));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
