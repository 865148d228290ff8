package dev.smidgen.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Direct uploads as a client does them: a session from the API, then bytes to its URL (no API key). */
final class Uploads {
    private final TestStack env;
    private final TestStack.Project project;

    Uploads(TestStack env, TestStack.Project project) {
        this.env = env;
        this.project = project;
    }

    /** A session: {@code data} of {@code POST /uploads}. */
    Map<String, Object> session(Map<String, Object> body) {
        return env.api(project)
                .body(body)
                .post("/uploads")
                .then()
                .statusCode(200)
                .extract()
                .path("data");
    }

    String url(Map<String, Object> body) {
        return (String) session(body).get("url");
    }

    /** The simple protocol: one multipart/form-data POST with the file in {@code file}. */
    ValidatableResponse simple(String url, Path file, String mimeType) {
        return given().multiPart("file", file.toFile(), mimeType).post(url).then();
    }

    /** One chunk of the chunked protocol. */
    ValidatableResponse chunk(String url, int index, byte[] bytes) {
        return given().header("X-Upload-Index", index)
                .contentType("application/octet-stream")
                .body(bytes)
                .put(url)
                .then();
    }

    /** Bytes at an offset of the Content-Range protocol. */
    ValidatableResponse range(String url, byte[] file, int first, int lastInclusive) {
        return given().header("Content-Range", "bytes " + first + "-" + lastInclusive + "/" + file.length)
                .contentType("application/octet-stream")
                .body(Arrays.copyOfRange(file, first, lastInclusive + 1))
                .put(url)
                .then();
    }

    ValidatableResponse complete(String url, List<Map<String, Object>> parts) {
        return given().contentType("application/json")
                .body(Map.of("parts", parts))
                .post(url)
                .then();
    }

    /** The same upload URL on another replica (another port of the same host). */
    static String onReplica(String url, String replicaBaseUrl) {
        String pathAndQuery = url.substring(url.indexOf("/store/"));
        return replicaBaseUrl + pathAndQuery;
    }

    /** Checks the media's original file: its recorded sha256 and the bytes delivery serves. */
    void assertStoredExactly(String mediaId, byte[] expected) {
        String fileId = (String) env.query("SELECT id FROM files WHERE media_id = ? AND original", mediaId)
                .get(0)
                .get("id");
        String checksum = (String) env.query("SELECT checksum FROM files WHERE id = ?", fileId)
                .get(0)
                .get("checksum");
        assertEquals("sha256:" + sha256(expected), checksum);
        String url = env.api(project)
                .get("/files/" + fileId)
                .then()
                .statusCode(200)
                .extract()
                .path("data.url");
        byte[] delivered = given().get(url).then().statusCode(200).extract().asByteArray();
        assertEquals(sha256(expected), sha256(delivered));
    }

    /**
     * The SHA-256 the upload service handed its ingest task ({@code sha256} in the task's input),
     * or null when it had none to give (the file came in several requests).
     */
    String handedSha256(String sessionId) {
        return (String) env.query("""
                SELECT t.input->>'sha256' AS sha256 FROM tasks t JOIN upload_sessions s ON s.task_id = t.id WHERE s.id = ?""", sessionId).get(0).get("sha256");
    }

    /** What the store still holds staged for a session: its staged files, or its open S3 multipart uploads. */
    List<String> stagedFor(String sessionId) {
        return env.objects.staged().stream().filter(k -> k.contains(sessionId)).toList();
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
