package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.devstack.DevstackOptions;
import dev.smidgen.devstack.S3Server;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console's Jobs and Connections pages (docs/web-console.md) in a headless Chromium against the
 * whole stack: a job made through the API is listed, opened and cancelled from the page; the list
 * pages through the API's cursor links; a connection to an S3 emulator is added, tested and
 * deleted, and its secret never reaches the page.
 */
@Order(86)
class ConsoleJobsIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The console's page size on the Jobs page (jobs.js). */
    static final int PAGE_SIZE = 20;

    /** Started by the first test that has a browser, so a machine without one starts nothing. */
    static TestStack env;
    /** A bucket of the user's own, for connections: s3proxy beside the stack, whatever the stack's store. */
    static S3Server userS3;

    static final String USER_BUCKET = "console-user-bucket";

    Project project;
    Browser browser;
    String testName;

    private static synchronized void startStack() {
        if (env == null) {
            env = TestStack.get();
        }
    }

    private static synchronized S3Server userS3() {
        if (userS3 == null) {
            userS3 = S3Server.standalone(Path.of("target", "console-user-s3").toAbsolutePath(), USER_BUCKET);
        }
        return userS3;
    }

    @AfterAll
    static void stopUserS3() {
        if (userS3 != null) {
            userS3.close();
            TestStack.deleteRecursively(Path.of("target", "console-user-s3").toAbsolutePath());
        }
    }

    @BeforeEach
    void signIn(TestInfo info) {
        // Each test, not the class: without Chromium the report counts every test as skipped.
        Browser.require();
        startStack();
        testName = info.getTestMethod().orElseThrow().getName();
        project = env.newProject("console-jobs-" + testName);
        browser = Browser.start();
        browser.open(env.stack.apiUrl() + "/console");
        browser.await(WAIT, d -> d.findElement(By.id("api-key")).isDisplayed());
        browser.driver().findElement(By.id("api-key")).sendKeys(project.key());
        browser.driver()
                .findElement(By.cssSelector("#sign-in-form button[type=submit]"))
                .click();
        browser.await(WAIT, d -> d.findElement(By.id("nav")).isDisplayed());
    }

    @AfterEach
    void screenshot() {
        if (browser != null) {
            browser.screenshot("console-jobs-" + testName);
            browser.close();
        }
    }

    @Test
    void aJobMadeThroughTheApiIsListedOpenedAndCancelled() {
        // The slow source holds its download open for seconds: the job is still importing when cancelled.
        String jobId = createJob(env.sources.url("/slow.mp4"), "video");
        go("#/jobs");
        WebElement row = awaitUnlessRefused("the job in the list", By.cssSelector("tr[data-id='" + jobId + "']"));
        assertEquals("video", row.findElements(By.tagName("td")).get(1).getText());
        assertEquals(
                env.sources.url("/slow.mp4"),
                row.findElements(By.tagName("td")).get(2).getAttribute("title"));

        // The list refreshes while the job runs; its rows are updated in place, so the link stays the same element.
        row.findElement(By.cssSelector("a[href='#/jobs/" + jobId + "']")).click();
        WebElement detail =
                awaitUnlessRefused("the job's page", By.cssSelector("article.job-detail[data-id='" + jobId + "']"));
        browser.await(
                "the job's tasks",
                WAIT,
                d -> !d.findElements(By.cssSelector(".task-list .task[data-kind]"))
                        .isEmpty());
        String status = detail.getAttribute("data-status");
        assertTrue(List.of("queued", "processing").contains(status), status);
        browser.screenshot("console-job-running");

        WebElement cancel = browser.driver().findElement(By.id("cancel-job"));
        assertTrue(cancel.isDisplayed());
        cancel.click();
        browser.await(
                "the job cancelled on the page", WAIT, d -> "cancelled".equals(detail.getAttribute("data-status")));
        assertFalse(browser.driver().findElement(By.id("cancel-job")).isDisplayed(), "no Cancel on a final job");

        JsonPath job = env.api(project)
                .get("/jobs/" + jobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("cancelled", job.getString("status"));
        List<String> taskStatuses = job.getList("tasks.status", String.class);
        assertFalse(taskStatuses.isEmpty());
        assertTrue(
                taskStatuses.stream()
                        .noneMatch(
                                s -> List.of("waiting", "queued", "processing").contains(s)),
                taskStatuses.toString());
        // What the page shows is what the API says, task by task.
        for (WebElement task : browser.driver().findElements(By.cssSelector(".task-list .task[data-id]"))) {
            String taskStatus = job.getString("tasks.find { it.id == '" + task.getAttribute("data-id") + "' }.status");
            browser.await(WAIT, d -> taskStatus.equals(task.getAttribute("data-status")));
        }

        go("#/jobs");
        WebElement listed =
                awaitUnlessRefused("the job in the list again", By.cssSelector("tr[data-id='" + jobId + "']"));
        assertEquals("cancelled", listed.getAttribute("data-status"));
    }

    @Test
    void theJobsListPagesThroughTheCursorLinks() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < PAGE_SIZE + 1; i++) {
            created.add(createJob(env.sources.url("/image.png"), "image"));
        }
        go("#/jobs");
        List<String> first = shownJobs(PAGE_SIZE);
        // Newest first: the page holds the last 20 made, the first one made waits on the next page.
        assertEquals(created.get(created.size() - 1), first.get(0));
        assertFalse(first.contains(created.get(0)));
        assertTrue(browser.driver()
                .findElements(By.cssSelector(".pager a[rel=prev]"))
                .isEmpty());

        browser.driver().findElement(By.cssSelector(".pager a[rel=next]")).click();
        assertEquals(List.of(created.get(0)), shownJobs(1));
        assertTrue(
                browser.driver().getCurrentUrl().contains("after="),
                browser.driver().getCurrentUrl());
        assertTrue(browser.driver()
                .findElements(By.cssSelector(".pager a[rel=next]"))
                .isEmpty());

        browser.driver().findElement(By.cssSelector(".pager a[rel=prev]")).click();
        assertEquals(first, shownJobs(PAGE_SIZE));
    }

    @Test
    void aNewJobFromTheFormAndABadOneShowTheApisKind() {
        go("#/jobs");
        browser.await(WAIT, d -> d.findElement(By.cssSelector(".new-job summary")))
                .click();
        browser.driver().findElement(By.id("job-input")).sendKeys("ftp://example.com/video.mp4");
        browser.driver()
                .findElement(By.cssSelector("#new-job-form button[type=submit]"))
                .click();
        WebElement alert = browser.await(WAIT, d -> d.findElement(By.cssSelector("#alerts .alert.error")));
        assertEquals("invalid_input", alert.getAttribute("data-code"));
        assertTrue(alert.getText().contains("(invalid_input)"), alert.getText());

        WebElement input = browser.driver().findElement(By.id("job-input"));
        input.clear();
        input.sendKeys(env.sources.url("/image.png"));
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("job-kind")))
                .selectByValue("image");
        browser.driver().findElement(By.id("job-options")).sendKeys("{\"format\": \"webp\", \"width\": 64}");
        browser.driver()
                .findElement(By.cssSelector("#new-job-form button[type=submit]"))
                .click();
        WebElement detail = awaitUnlessRefused("the new job's page", By.cssSelector("article.job-detail[data-id]"));
        String jobId = detail.getAttribute("data-id");
        browser.await(
                "the job to succeed",
                Duration.ofSeconds(120),
                d -> "succeeded".equals(detail.getAttribute("data-status")));
        JsonPath job = env.api(project)
                .get("/jobs/" + jobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("webp", job.getString("options.format"));
        assertEquals(64, job.getInt("options.width"));
        WebElement output = browser.driver().findElement(By.cssSelector(".job-detail a.output-link"));
        assertEquals(job.getString("output"), output.getAttribute("href"));
    }

    @Test
    void aConnectionIsAddedTestedAndDeletedAndItsSecretNeverShows() {
        S3Server s3 = userS3();
        go("#/connections");
        browser.await(WAIT, d -> d.findElement(By.id("connection-form")));

        // Wrong credentials first: the API's refusal is shown with its kind, and the secret is gone from the form.
        fillConnection(s3, "console-emulator", "not-the-secret");
        WebElement alert = browser.await(WAIT, d -> d.findElement(By.cssSelector("#alerts .alert.error")));
        String kind = alert.getAttribute("data-code");
        assertNotNull(kind);
        assertTrue(alert.getText().contains("(" + kind + ")"), alert.getText());
        assertEquals(
                "", browser.driver().findElement(By.id("connection-secret")).getAttribute("value"));
        assertEquals(
                "console-emulator",
                browser.driver().findElement(By.id("connection-name")).getAttribute("value"),
                "the rest of the form is kept");

        browser.js("document.querySelectorAll('#alerts .alert').forEach(a => a.remove());");
        fillConnection(s3, "console-emulator", S3Server.SECRET_KEY);
        WebElement row = awaitUnlessRefused("the new connection's row", By.cssSelector("tr[data-id^='con_']"));
        String connectionId = row.getAttribute("data-id");
        assertTrue(row.getText().contains(S3Server.ACCESS_KEY), row.getText());
        assertSecretNowhere();

        row.findElement(By.cssSelector("button.test-connection")).click();
        WebElement result = row.findElement(By.cssSelector(".test-result"));
        browser.await("the connection test", WAIT, d -> result.getAttribute("data-result") != null);
        assertEquals("ok", result.getAttribute("data-result"), result.getText());

        if (!row.findElements(By.cssSelector("button.set-default")).isEmpty()) {
            row.findElement(By.cssSelector("button.set-default")).click();
            browser.await(
                    WAIT,
                    // One lookup per try: a row the list re-rendered since would be stale.
                    d -> !d.findElements(By.cssSelector("tr[data-id='" + connectionId + "'][data-default='true']"))
                            .isEmpty());
        }
        assertTrue(env.api(project)
                .get("/connections/" + connectionId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getBoolean("is_default"));
        assertSecretNowhere();
        browser.screenshot("console-connections");

        browser.driver()
                .findElement(By.cssSelector("tr[data-id='" + connectionId + "'] button.delete-connection"))
                .click();
        browser.driver().switchTo().alert().accept();
        browser.await(
                "the row to go",
                WAIT,
                d -> d.findElements(By.cssSelector("tr[data-id='" + connectionId + "']"))
                        .isEmpty());
        env.api(project).get("/connections/" + connectionId).then().statusCode(404);
    }

    // --- helpers

    private void go(String hash) {
        browser.open(env.stack.apiUrl() + "/console/" + hash);
    }

    private String createJob(String input, String kind) {
        return env.api(project)
                .body(Map.of("input", input, "kind", kind))
                .post("/jobs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Waits for {@code element}; an error the page shows meanwhile fails the test at once, with its text. */
    private WebElement awaitUnlessRefused(String what, By element) {
        return browser.await(what, WAIT, d -> {
            List<WebElement> errors = d.findElements(By.cssSelector("#alerts .alert.error"));
            if (!errors.isEmpty()) {
                throw new AssertionError("waiting for " + what + ", the page showed: "
                        + errors.get(0).getText());
            }
            return d.findElement(element);
        });
    }

    /** The job ids the list shows, once it shows {@code count} of them. */
    private List<String> shownJobs(int count) {
        return browser.await("a page of " + count + " jobs", WAIT, d -> {
            List<String> ids = d.findElements(By.cssSelector(".jobs tbody tr[data-id]")).stream()
                    .map(r -> r.getAttribute("data-id"))
                    .toList();
            return ids.size() == count ? ids : null;
        });
    }

    private void fillConnection(S3Server s3, String name, String secret) {
        type("connection-name", name);
        type("connection-endpoint", s3.endpoint());
        type("connection-region", DevstackOptions.DEFAULT_REGION);
        type("connection-bucket", USER_BUCKET);
        type("connection-access-key-id", S3Server.ACCESS_KEY);
        type("connection-secret", secret);
        browser.driver()
                .findElement(By.cssSelector("#connection-form button[type=submit]"))
                .click();
    }

    private void type(String id, String text) {
        WebElement field = browser.driver().findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Not in the markup, not in any field's value, not in the text: the console never holds it after sending. */
    private void assertSecretNowhere() {
        assertFalse(browser.driver().getPageSource().contains(S3Server.SECRET_KEY), "secret in the page source");
        assertEquals(
                Boolean.FALSE,
                browser.js(
                        "return [...document.querySelectorAll('input, textarea')].some(i => i.value.includes(arguments[0]))"
                                + " || document.body.innerText.includes(arguments[0]);",
                        S3Server.SECRET_KEY));
        assertFalse(
                env.api(project)
                        .get("/connections")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()
                        .contains(S3Server.SECRET_KEY),
                "secret in GET /connections");
    }
}
