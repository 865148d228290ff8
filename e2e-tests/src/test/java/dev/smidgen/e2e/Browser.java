package dev.smidgen.e2e;

import dev.smidgen.devstack.testing.ExternalTool;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through its chromedriver, for browser tests of the console.
 *
 * <p>It runs the Chromium (or Chrome) and the chromedriver it finds: the system properties
 * {@code smidgen.chromium} and {@code smidgen.chromedriver}, else the PATH, else the macOS
 * application bundles. Both are given to Selenium explicitly, so Selenium Manager never runs (it
 * would try to download a driver, and a test machine may have no internet). Without them the tests
 * are skipped, or fail under {@code SMIDGEN_TEST_HARNESS=required} ({@link #require()}); {@code .ci/run}
 * installs Debian's {@code chromium} and {@code chromium-driver}.
 *
 * <p>Each browser gets a fresh profile in a temporary directory, removed by {@link #close()}.
 *
 * <p>Network conditions are Chrome DevTools Protocol emulation sent through chromedriver (no
 * {@code selenium-devtools-vNNN} module is needed), plus a {@link SocksRelay} that every connection
 * of the browser goes through: emulated offline fails new requests but lets an upload in progress
 * finish, so {@link #offline()} also resets the open connections at the relay.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    /**
     * Selenium warns at every start that it has no CDP bindings for this Chromium version; they are
     * only needed for its typed DevTools API, not for executeCdpCommand. Held so the level sticks.
     */
    private static final Logger CDP_VERSION_WARNINGS =
            Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private static final String INSTALL = "apt-get install chromium chromium-driver (Debian/Ubuntu), "
            + "Google Chrome and brew install --cask chromedriver (macOS)";
    private static final ExternalTool CHROMIUM = ExternalTool.named("Chromium")
            .systemProperty("smidgen.chromium")
            .commands("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
            .knownPaths(
                    "/Applications/Chromium.app/Contents/MacOS/Chromium",
                    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
            .install(INSTALL);
    private static final ExternalTool CHROMEDRIVER = ExternalTool.named("chromedriver")
            .systemProperty("smidgen.chromedriver")
            .install(INSTALL);

    static {
        CDP_VERSION_WARNINGS.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;
    private final SocksRelay relay;
    /** Console lines read so far: chromedriver hands each entry out once, so they are kept here. */
    private final List<String> console = new ArrayList<>();

    private boolean networkEnabled;
    private boolean offline;
    private long uploadBytesPerSecond = -1;

    private Browser(ChromeDriver driver, Path profile, SocksRelay relay) {
        this.driver = driver;
        this.profile = profile;
        this.relay = relay;
    }

    /**
     * Chromium and its chromedriver, in that order. When either is missing, the calling test is
     * skipped with one line saying how to install them, or fails under SMIDGEN_TEST_HARNESS=required.
     */
    static List<Path> require() {
        return ExternalTool.require("the console's browser tests (ConsoleIT)", CHROMIUM, CHROMEDRIVER);
    }

    /** A desktop-sized browser, 1280x900. */
    static Browser start() {
        return start(1280, 900);
    }

    /** A browser whose viewport is {@code width} x {@code height} CSS pixels, e.g. 390x844 for a phone. */
    static Browser start(int width, int height) {
        List<Path> installed = require();
        Path profile;
        try {
            profile = Files.createTempDirectory("smidgen-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SocksRelay relay = new SocksRelay();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(installed.get(0).toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox", // Chromium's sandbox refuses to run as root, which CI is
                "--disable-gpu",
                "--disable-dev-shm-usage", // a container's small /dev/shm would crash the renderer
                // No background traffic to Google: this machine's closed network refuses it, and it
                // would be noise in network emulation.
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--proxy-server=" + relay.proxyServer(),
                "--proxy-bypass-list=<-loopback>", // Chromium sends loopback direct unless told not to
                "--window-size=" + width + "," + height);
        // Keeps the page's console (console.log, uncaught errors) for consoleLog().
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        // The driver is given explicitly: DriverFinder then skips Selenium Manager.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(installed.get(1).toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            relay.close();
            deleteRecursively(profile);
            throw e;
        }
        Browser browser = new Browser(driver, profile, relay);
        try {
            // A headless window is at least 500 px wide, so a phone-sized viewport must be emulated.
            driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /**
     * Waits until {@code condition} returns something other than null or false, and returns that.
     * Polls every 100 ms; an element not found yet counts as not yet. On timeout it fails with the
     * page, a screenshot and the browser console, usually enough to see why without rerunning.
     */
    <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return await(String.valueOf(condition), timeout, condition);
    }

    /** {@link #await(Duration, Function)} whose failure names what was awaited (a lambda can't). */
    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition::apply);
        } catch (TimeoutException e) {
            String shot;
            try {
                shot = screenshot("timeout-" + System.currentTimeMillis()).toString();
            } catch (RuntimeException screenshotFailed) {
                shot = "none (" + firstLine(screenshotFailed) + ")";
            }
            throw new AssertionError(
                    "Waited " + timeout.toMillis() + " ms in vain for " + what
                            + "\n  page: " + driver.getCurrentUrl() + " \"" + driver.getTitle() + "\""
                            + (e.getCause() == null ? "" : "\n  last exception: " + firstLine(e.getCause()))
                            + "\n  screenshot: " + shot
                            + "\n  console:"
                            + consoleLog().stream().map(l -> "\n    " + l).collect(Collectors.joining()),
                    e);
        }
    }

    /** Runs {@code script} as a function body in the page; {@code arguments[i]} are {@code args}. */
    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /**
     * Drops real files on {@code target} as an OS drag-and-drop would: {@code dragenter},
     * {@code dragover} and {@code drop} (bubbling, cancelable) whose {@code dataTransfer.files} are
     * the files. A page cannot build {@code File}s with real paths itself, so chromedriver loads them
     * into a hidden file input first, and the events carry that input's files.
     */
    void dropFiles(WebElement target, Path... files) {
        WebElement input = (WebElement) js("""
                const input = document.createElement('input');
                input.type = 'file';
                input.multiple = true;
                input.style.display = 'none';
                document.body.appendChild(input);
                return input;""");
        try {
            input.sendKeys(
                    Arrays.stream(files).map(f -> f.toAbsolutePath().toString()).collect(Collectors.joining("\n")));
            js("""
                    const [target, input] = arguments;
                    const data = new DataTransfer();
                    for (const file of input.files) data.items.add(file);
                    for (const type of ['dragenter', 'dragover', 'drop']) {
                      target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
                    }""", target, input);
        } finally {
            js("arguments[0].remove();", input);
        }
    }

    /**
     * Takes the browser off the network as a lost connection would: {@code navigator.onLine} turns
     * false and the {@code offline} event fires, new requests fail at once, and requests in progress
     * (an upload mid-body included) fail a few milliseconds later as their connections are reset.
     *
     * <p>An upload's progress may jump, even to 100%, just before its error: Chromium lets the
     * throttled rest of the body go when it goes offline, and the relay swallows it. Read the
     * progress to compare with before calling this.
     */
    void offline() {
        offline = true;
        // Held first: emulated offline releases a throttled upload at full speed, which on loopback
        // would complete it in milliseconds. Reset last, so that the page's error handlers already
        // see navigator.onLine false, as after a real loss of network.
        relay.hold();
        applyNetworkConditions();
        relay.resetAll();
    }

    /** Back on the network (the {@code online} event fires), with the throttle set before, if any. */
    void online() {
        offline = false;
        relay.restore();
        applyNetworkConditions();
    }

    /**
     * Limits request bodies (uploads) to {@code uploadBytesPerSecond}; downloads stay unlimited. On
     * loopback an 8 MB upload otherwise takes a few milliseconds, too fast to watch its progress or
     * to go offline in the middle of it.
     *
     * <p>Set it before the upload starts: Chromium applies network conditions to the requests that
     * start after them, and any change (another rate, {@link #unthrottle()}) lets the uploads then in
     * progress finish at full speed.
     */
    void throttle(long uploadBytesPerSecond) {
        if (uploadBytesPerSecond <= 0) {
            throw new IllegalArgumentException("uploadBytesPerSecond must be positive: " + uploadBytesPerSecond);
        }
        this.uploadBytesPerSecond = uploadBytesPerSecond;
        applyNetworkConditions();
    }

    void unthrottle() {
        uploadBytesPerSecond = -1;
        applyNetworkConditions();
    }

    private void applyNetworkConditions() {
        if (!networkEnabled) {
            driver.executeCdpCommand("Network.enable", Map.of());
            networkEnabled = true;
        }
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("offline", offline);
        conditions.put("latency", 0);
        conditions.put("downloadThroughput", -1); // -1: unlimited
        conditions.put("uploadThroughput", uploadBytesPerSecond);
        driver.executeCdpCommand("Network.emulateNetworkConditions", conditions);
    }

    /** Bytes the browser has sent to servers so far, request bodies included (counted at the relay). */
    long sentBytes() {
        return relay.forwardedBytes();
    }

    /** The browser console so far (oldest first), one line per entry, for failure messages. */
    List<String> consoleLog() {
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(entry.getLevel() + " " + entry.getMessage());
            }
        } catch (WebDriverException e) {
            console.add("(console unavailable: " + firstLine(e) + ")");
        }
        return List.copyOf(console);
    }

    /** Saves the viewport as {@code target/screenshots/<name>.png} and returns that path. */
    Path screenshot(String name) {
        File png = driver.getScreenshotAs(OutputType.FILE);
        try {
            Path file = Files.createDirectories(SCREENSHOTS).resolve(name + ".png");
            Files.move(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quits the browser and its driver, and removes the profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            relay.close();
            deleteRecursively(profile);
        }
    }

    /** Selenium's messages run on with build and capability details; the first line says it. */
    private static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("") + " ("
                + e.getClass().getSimpleName() + ")";
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A profile left in /tmp is harmless; failing the test over it would not be.
        }
    }
}
