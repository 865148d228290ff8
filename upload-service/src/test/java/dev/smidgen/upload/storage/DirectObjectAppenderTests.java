package dev.smidgen.upload.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DirectObjectAppenderTests {
    private static final String KEY = "prj/.uploads/upl_test";

    private final MemoryMultipartStore store = new MemoryMultipartStore();

    @Test
    void theBodyIsTheObjectsBody() throws Exception {
        byte[] file = bytes(700_000);
        DirectObjectAppender appender = new DirectObjectAppender(store, KEY, file.length, "audio/wav");
        appender.write(new ByteArrayInputStream(file), Long.MAX_VALUE);
        appender.finishFile();
        assertArrayEquals(file, store.objects.get(KEY));
        assertEquals(file.length, appender.bytesTaken());
    }

    @Test
    void aClientThatGoesAwayStoresNothing() {
        byte[] file = bytes(700_000);
        InputStream cut = new SequenceInputStream(new ByteArrayInputStream(file, 0, 5000), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("gone");
            }
        });
        DirectObjectAppender appender = new DirectObjectAppender(store, KEY, file.length, "audio/wav");
        assertThrows(IOException.class, () -> appender.write(cut, Long.MAX_VALUE));
        assertEquals(5000, appender.bytesTaken());
        assertEquals(0, appender.keepForNextRequest());
        assertFalse(store.objects.containsKey(KEY));

        DirectObjectAppender shorter = new DirectObjectAppender(store, KEY, file.length, "audio/wav");
        assertThrows(
                IOException.class,
                () -> shorter.write(new ByteArrayInputStream(file, 0, 100), Long.MAX_VALUE),
                "a body that ends early");
        assertFalse(store.objects.containsKey(KEY));
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeAnyByte() {
        DirectObjectAppender appender = new DirectObjectAppender(store, KEY, 1000, "audio/wav");
        SmidgenException e =
                assertThrows(SmidgenException.class, () -> appender.write(InputStream.nullInputStream(), 999));
        assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        assertEquals(0, store.streamed.get());
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
