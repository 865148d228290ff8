package dev.smidgen.e2e;

import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Outputs fetched from their delivery URLs into a test's directory, to be checked with ffprobe. */
final class Downloads {
    private Downloads() {}

    /** The bytes at {@code url} (which must answer 200) in a new file under {@code dir}. */
    static Path fetch(Path dir, String url) {
        try {
            Path file = Files.createTempFile(dir, "output-", ".bin");
            Files.write(
                    file, RestAssured.get(url).then().statusCode(200).extract().asByteArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The probed facts of the file at {@code url}; {@code what} names it in failures. */
    static ProbeResult probe(Path dir, String url, String what) {
        return Ffprobe.probe(fetch(dir, url), what);
    }
}
