package dev.smidgen.upload.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.SmidgenException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartFormStreamTests {
    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    @Test
    void streamsTheFileFieldExactly() throws IOException {
        byte[] file = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(file);
        // Plant near-delimiters inside the file: they must pass through untouched.
        byte[] fake = ("\r\n--" + BOUNDARY.substring(0, 20)).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(fake, 0, file, 1000, fake.length);
        byte[] body = form(file);
        MultipartFormStream form =
                MultipartFormStream.of(new TrickleStream(body), "multipart/form-data; boundary=" + BOUNDARY);
        MultipartFormStream.Part title = form.next();
        assertEquals("title", title.name());
        assertEquals("hello", new String(title.body().readAllBytes(), StandardCharsets.UTF_8));
        MultipartFormStream.Part part = form.next();
        assertEquals("file", part.name());
        assertEquals("clip.mp4", part.filename());
        assertEquals("video/mp4", part.contentType());
        assertArrayEquals(file, part.body().readAllBytes());
        assertNull(form.next());
    }

    @Test
    void tellsTheFileFieldsLengthFromTheContentLengthWhenItIsTheLastField() throws IOException {
        byte[] file = new byte[1_000_003];
        byte[] body = form(file);
        MultipartFormStream form =
                MultipartFormStream.of(new TrickleStream(body), "multipart/form-data; boundary=" + BOUNDARY);
        MultipartFormStream.Part title = form.next();
        assertEquals(
                5L
                        + ("\r\n--" + BOUNDARY
                                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\n"
                                        + "Content-Type: video/mp4\r\n\r\n")
                                .length()
                        + file.length,
                form.lengthIfLast((long) body.length),
                "a field that is not the last: an overestimate");
        title.body().readAllBytes();
        MultipartFormStream.Part part = form.next();
        assertEquals(file.length, form.lengthIfLast((long) body.length));
        assertNull(form.lengthIfLast(null));
        part.body().readNBytes(12345);
        assertEquals(file.length - 12345, form.lengthIfLast((long) body.length), "what is still to come");
    }

    @Test
    void aFileFullOfAlmostDelimitersPassesThroughUntouched() throws IOException {
        byte[] file = new byte[2 * 1024 * 1024];
        Random random = new Random(11);
        random.nextBytes(file);
        byte[] delimiter = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 2000; i++) {
            byte[] near = Arrays.copyOf(delimiter, 1 + random.nextInt(delimiter.length));
            if (near.length == delimiter.length) {
                near[random.nextInt(near.length)] ^= 0x20; // the whole delimiter but one byte
            }
            System.arraycopy(near, 0, file, random.nextInt(file.length - near.length), near.length);
        }
        byte[] body = form(file);
        MultipartFormStream form =
                MultipartFormStream.of(new TrickleStream(body), "multipart/form-data; boundary=" + BOUNDARY);
        form.next().body().readAllBytes();
        assertArrayEquals(file, form.next().body().readAllBytes());
        assertNull(form.next());
    }

    @Test
    void skipsFieldsThatAreNotRead() throws IOException {
        MultipartFormStream form = MultipartFormStream.of(
                new ByteArrayInputStream(form(new byte[] {1, 2, 3})),
                "multipart/form-data; boundary=\"" + BOUNDARY + "\"");
        assertEquals("title", form.next().name());
        MultipartFormStream.Part part = form.next();
        assertArrayEquals(new byte[] {1, 2, 3}, part.body().readAllBytes());
    }

    @Test
    void refusesABodyWithoutItsClosingBoundary() throws IOException {
        byte[] body = form(new byte[100]);
        byte[] truncated = java.util.Arrays.copyOf(body, body.length - 60);
        MultipartFormStream form = MultipartFormStream.of(
                new ByteArrayInputStream(truncated), "multipart/form-data; boundary=" + BOUNDARY);
        form.next();
        MultipartFormStream.Part part = form.next();
        assertThrows(SmidgenException.class, () -> part.body().readAllBytes());
    }

    @Test
    void refusesOtherContentTypes() {
        assertThrows(
                SmidgenException.class,
                () -> MultipartFormStream.of(InputStream.nullInputStream(), "application/json"));
        assertThrows(
                SmidgenException.class,
                () -> MultipartFormStream.of(InputStream.nullInputStream(), "multipart/form-data"));
        assertThrows(SmidgenException.class, () -> MultipartFormStream.of(InputStream.nullInputStream(), null));
    }

    @Test
    void anEmptyFormHasNoParts() throws IOException {
        byte[] body = ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertNull(MultipartFormStream.of(new ByteArrayInputStream(body), "multipart/form-data; boundary=" + BOUNDARY)
                .next());
    }

    private static byte[] form(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\n"
                        + "Content-Type: video/mp4\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(file);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Hands out bytes in small odd-sized reads, as a slow network does. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private int pos;
        private final Random random = new Random(3);

        TrickleStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(70_000)), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
