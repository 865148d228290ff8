package dev.smidgen.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One resumable upload through tus, as a client on a bad network does it: PATCHes of random sizes,
 * some of them cut off at a random byte (the socket reset, as a dropped connection), and after every
 * cut, refused connection or 5xx a {@code HEAD} for the offset and a resume from there. Speaks
 * HTTP/1.1 on a plain socket so that a cut happens exactly where it is wanted.
 *
 * <p>It ends when the upload service names the media item made from the file ({@code
 * Smidgen-Media-Id}); an answer that is the upload's own failure (a 4xx other than an offset
 * conflict) ends it with that answer.
 */
final class TusChaosUpload {
    private static final int IO_CHUNK = 256 * 1024;
    private static final Duration PAUSE = Duration.ofMillis(500);

    /** The outcome: the media item, how long it took, and how many PATCHes were cut or failed. */
    record Result(String mediaId, long millis, int cuts, int failedRequests) {}

    private final URI uploadBase;
    private final String key;
    private final NoiseWav file;
    private final Random random;
    private final double cutChance;
    private final Duration patience;
    private final AtomicLong bytesSent;
    private int cuts;
    private int failedRequests;

    /**
     * @param uploadBase the upload service's base URL
     * @param key        the session key from the session's url
     * @param cutChance  the chance that a PATCH is cut off part-way
     * @param patience   how long the upload may take in all before it counts as lost
     * @param bytesSent  counts every body byte put on the wire, resends included
     */
    TusChaosUpload(
            URI uploadBase,
            String key,
            NoiseWav file,
            Random random,
            double cutChance,
            Duration patience,
            AtomicLong bytesSent) {
        this.uploadBase = uploadBase;
        this.key = key;
        this.file = file;
        this.random = random;
        this.cutChance = cutChance;
        this.patience = patience;
        this.bytesSent = bytesSent;
    }

    Result run() {
        long started = System.nanoTime();
        long deadline = started + patience.toNanos();
        String location = create(deadline);
        while (true) {
            requireTime(deadline, "uploading " + location);
            Answer head = exchange("HEAD", location, Map.of(), 0, 0, -1);
            if (head == null || head.status >= 500) {
                pause();
                continue;
            }
            if (head.status != 200) {
                throw new IllegalStateException("HEAD " + location + " answered " + head.status + " " + head.body);
            }
            long offset = Long.parseLong(head.header("upload-offset"));
            if (offset == file.size()) {
                String mediaId = head.header("smidgen-media-id");
                if (mediaId != null) {
                    return new Result(
                            mediaId,
                            Duration.ofNanos(System.nanoTime() - started).toMillis(),
                            cuts,
                            failedRequests);
                }
                pause(); // every byte is in; the file is being ingested
                continue;
            }
            long length = Math.min(file.size() - offset, (8L + random.nextInt(57)) << 20);
            boolean cut = random.nextDouble() < cutChance;
            long sendBytes = cut ? (long) (length * random.nextDouble()) : length;
            Answer patch = exchange(
                    "PATCH",
                    location,
                    Map.of("Upload-Offset", Long.toString(offset), "Content-Type", "application/offset+octet-stream"),
                    offset,
                    length,
                    cut ? sendBytes : -1);
            if (cut) {
                cuts++;
                continue;
            }
            if (patch == null || patch.status >= 500 || patch.status == 409 || patch.status == 423) {
                pause();
                continue;
            }
            if (patch.status != 204) {
                throw new IllegalStateException("PATCH " + location + " answered " + patch.status + " " + patch.body);
            }
            String mediaId = patch.header("smidgen-media-id");
            if (mediaId != null) {
                return new Result(
                        mediaId, Duration.ofNanos(System.nanoTime() - started).toMillis(), cuts, failedRequests);
            }
        }
    }

    /** Creates the tus upload (again, if the answer was lost: the same length gives the same Location). */
    private String create(long deadline) {
        String metadata = "filename " + Base64.getEncoder().encodeToString("noise.wav".getBytes(StandardCharsets.UTF_8))
                + ",filetype " + Base64.getEncoder().encodeToString("audio/wav".getBytes(StandardCharsets.UTF_8));
        while (true) {
            requireTime(deadline, "creating the tus upload");
            Answer created = exchange(
                    "POST",
                    "/tus?key=" + key,
                    Map.of("Upload-Length", Long.toString(file.size()), "Upload-Metadata", metadata),
                    0,
                    0,
                    -1);
            if (created != null && created.status == 201) {
                URI location = URI.create(created.header("location"));
                return location.getRawPath() + "?" + location.getRawQuery();
            }
            if (created != null && created.status < 500) {
                throw new IllegalStateException(
                        "creating the tus upload answered " + created.status + " " + created.body);
            }
            pause();
        }
    }

    /**
     * One request on its own connection. Returns null when the connection failed (refused, reset,
     * timed out); with {@code cutAfter} ≥ 0 the body is broken off after that many bytes and the
     * socket reset, and null is returned.
     */
    private Answer exchange(
            String method, String target, Map<String, String> headers, long offset, long length, long cutAfter) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uploadBase.getHost(), uploadBase.getPort()), 5_000);
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(target)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: ")
                    .append(uploadBase.getHost())
                    .append(':')
                    .append(uploadBase.getPort())
                    .append("\r\n")
                    .append("Tus-Resumable: 1.0.0\r\nConnection: close\r\n")
                    .append("Content-Length: ")
                    .append(length)
                    .append("\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[IO_CHUNK];
            long toSend = cutAfter >= 0 ? cutAfter : length;
            for (long sent = 0; sent < toSend; ) {
                int n = (int) Math.min(buffer.length, toSend - sent);
                file.read(offset + sent, buffer, 0, n);
                out.write(buffer, 0, n);
                sent += n;
                bytesSent.addAndGet(n);
            }
            out.flush();
            if (cutAfter >= 0) {
                socket.setSoLinger(true, 0); // close with a reset: the server sees the connection drop
                return null;
            }
            return Answer.read(new BufferedInputStream(socket.getInputStream()), method.equals("HEAD"));
        } catch (IOException e) {
            failedRequests++;
            return null;
        }
    }

    private void requireTime(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("gave up " + what + " after " + patience.toSeconds() + " s");
        }
    }

    private void pause() {
        Tasks.sleep(PAUSE.toMillis());
    }

    /** A response: status, lower-cased headers, body (none for HEAD and 204). */
    private record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }

        static Answer read(InputStream in, boolean head) throws IOException {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new IOException("connection closed before the status line");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            String body = "";
            if (!head && status != 204 && status != 304) {
                String length = headers.get("content-length");
                byte[] bytes = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            return new Answer(status, headers, body);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }
    }
}
