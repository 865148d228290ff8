package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smidgen.devstack.EnvFile;
import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's curl tour, run with {@code sh} exactly as written against the e2e stack: a newcomer's
 * first five minutes must work on a machine with nothing but curl and POSIX tools. The tour reads its
 * URLs and key from {@code .smidgen/env} as {@code ./smidgen up} writes it, and its video from
 * {@code VIDEO_URL} (served by the test's source server) or {@code VIDEO_FILE}.
 */
@Order(82)
class ReadmeTourIT {
    private static final long TOUR_TIMEOUT_MINUTES = 5;
    private static final Path WORK = Path.of("target", "readme-tour").toAbsolutePath();

    static TestStack env;
    static ReadmeTour tour;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        tour = ReadmeTour.ofReadme();
    }

    @ParameterizedTest(name = "the tour that ingests a {0}")
    @ValueSource(strings = {"url", "file"})
    void theTourRunsAsWrittenAndDeliversAnMp4AndAJpeg(String variant) throws Exception {
        assertTrue(
                tour.sharedBlocks() >= 3, "the README has lost its tour blocks (<!-- tour --> before a ```sh block)");
        assertTrue(tour.variants().contains(variant), "the README's tour has no <!-- tour:" + variant + " --> block");
        Project project = env.newProject("readme-tour-" + variant);
        Path dir = freshDirectory(WORK.resolve(variant));
        writeEnvFileLikeSmidgenUp(dir, project);

        runTour(
                tour.script(variant),
                dir,
                variant.equals("url")
                        ? Map.of("VIDEO_URL", env.sources.url("/video.mp4"))
                        : Map.of("VIDEO_FILE", env.sources.video.toString()));

        List<Map<String, Object>> media =
                env.api(project).get("/media").then().statusCode(200).extract().path("data");
        assertEquals(1, media.size(), "the tour makes exactly one media item");
        List<Map<String, Object>> sources = env.api(project)
                .get("/media/" + media.get(0).get("id"))
                .then()
                .statusCode(200)
                .extract()
                .path("data.sources");
        Map<String, Object> mp4 = newSourceOfType(sources, "video/mp4");
        Map<String, Object> jpeg = newSourceOfType(sources, "image/jpeg");
        byte[] deliveredJpeg = RestAssured.get((String) jpeg.get("url"))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        byte[] deliveredMp4 = RestAssured.get((String) mp4.get("url"))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertTrue(tourFetched(dir, deliveredJpeg, false), "the tour saved the delivered JPEG");
        assertTrue(tourFetched(dir, deliveredMp4, true), "the tour saved delivered bytes of the MP4");
    }

    /** The env file as {@code ./smidgen up} writes it, pointing at this stack and the project's key. */
    private static void writeEnvFileLikeSmidgenUp(Path dir, Project project) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("SMIDGEN_API_URL", env.stack.apiUrl());
        entries.put("SMIDGEN_UPLOAD_URL", env.stack.uploadUrl());
        entries.put("SMIDGEN_DELIVERY_URL", env.stack.deliveryUrl());
        entries.put("SMIDGEN_API_KEY", project.key());
        EnvFile.write(
                dir.resolve(".smidgen").resolve("env"), "Written by ReadmeTourIT like ./smidgen up does", entries);
    }

    /** Runs the script with {@code sh} in {@code dir}; fails with the tail of its trace unless it exits 0 in time. */
    private static void runTour(String script, Path dir, Map<String, String> video)
            throws IOException, InterruptedException {
        Path scriptFile = Files.writeString(dir.resolve("tour.sh"), script);
        Path log = dir.resolve("tour.log");
        ProcessBuilder sh = new ProcessBuilder("sh", scriptFile.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        sh.environment().keySet().removeIf(name -> name.startsWith("SMIDGEN_") || name.startsWith("VIDEO_"));
        sh.environment().putAll(video);
        Process process = sh.start();
        if (!process.waitFor(TOUR_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            fail("the tour did not finish within " + TOUR_TIMEOUT_MINUTES + " minutes:\n" + tail(log));
        }
        assertEquals(0, process.exitValue(), "the tour failed (" + scriptFile + "):\n" + tail(log));
    }

    /** A conversion's output among the media item's sources: not the original, of the given MIME type. */
    private static Map<String, Object> newSourceOfType(List<Map<String, Object>> sources, String type) {
        return sources.stream()
                .filter(s -> !Boolean.TRUE.equals(s.get("original")) && type.equals(s.get("type")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " source in " + sources));
    }

    /** Whether a file the tour left in {@code dir} holds the delivered bytes (or, for a range, their start). */
    private static boolean tourFetched(Path dir, byte[] delivered, boolean prefixIsEnough) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(ReadmeTourIT::read)
                    .anyMatch(saved -> saved.length > 0
                            && (prefixIsEnough ? saved.length <= delivered.length : saved.length == delivered.length)
                            && Arrays.equals(saved, 0, saved.length, delivered, 0, saved.length));
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Path freshDirectory(Path dir) throws IOException {
        TestStack.deleteRecursively(dir);
        return Files.createDirectories(dir);
    }
}
