package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 keeps a connection open for the next request: a player seeking through a video sends a
 * range request every few hundred kilobytes, and an API client polls a task, each on the connection
 * it already has. Written on a raw socket because HTTP clients hide a closed connection by opening a
 * new one (which is how a server that closed every connection after its answer went unnoticed).
 */
class ConnectionReuseIT {
    static TestStack env;
    static Project project;
    static String deliveryPath;

    @BeforeAll
    static void start() {
        env = TestStack.get();
        project = env.newProject("connection-reuse");
        Uploads uploads = new Uploads(env, project);
        deliveryPath = URI.create(uploads.simple(uploads.url(Map.of()), env.sources.png, "image/png")
                        .statusCode(201)
                        .extract()
                        .<String>path("data.sources[0].url"))
                .getRawPath();
    }

    @Test
    void deliveryAndApiAnswersLeaveTheConnectionOpen() throws IOException {
        URI api = URI.create(env.stack.apiUrl());
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(10_000);
            for (String request : List.of(
                    get(api, deliveryPath, "Range: bytes=0-99\r\n"),
                    get(api, deliveryPath, "Range: bytes=100-199\r\n"),
                    get(api, deliveryPath, ""),
                    get(api, "/cdn/" + project.id() + "/no-such-file.png", ""),
                    get(api, "/files", ""))) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Answer answer = Answer.read(socket.getInputStream());
                assertTrue(answer.status() < 500, answer::toString);
                assertTrue(!"close".equalsIgnoreCase(answer.header("connection")), answer::toString);
            }
        }
    }

    @Test
    void theUploadServiceKeepsItOpenToo() throws IOException {
        URI uploads = URI.create(env.stack.uploadUrl());
        try (Socket socket = new Socket(uploads.getHost(), uploads.getPort())) {
            socket.setSoTimeout(10_000);
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream()
                        .write(("OPTIONS /tus HTTP/1.1\r\nHost: " + uploads.getHost() + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Answer answer = Answer.read(socket.getInputStream());
                assertEquals(204, answer.status(), answer::toString);
            }
        }
    }

    private static String get(URI base, String path, String headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n" + headers + "\r\n";
    }

    /** One response read off the socket: status line, headers, and a body of its Content-Length. */
    private record Answer(int status, Map<String, String> headers, int bodyLength) {
        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine.isEmpty()) {
                throw new IOException("the server closed the connection instead of answering");
            }
            Map<String, String> headers = new HashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            if (headers.containsKey("transfer-encoding")) {
                throw new IOException("a chunked answer, which this reader does not take: " + headers);
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            assertEquals(length, body.length, "a whole body");
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, length);
        }

        String header(String name) {
            return headers.get(name);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
