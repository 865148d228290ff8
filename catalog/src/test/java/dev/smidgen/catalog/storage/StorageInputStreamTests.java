package dev.smidgen.catalog.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class StorageInputStreamTests {
    @Test
    void passesBytesThrough() throws IOException {
        byte[] data = {1, 2, 3, 4};
        try (InputStream in = new StorageInputStream(new ByteArrayInputStream(data))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void sdkFailureWhileReadingIsAnIoError() {
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw SdkClientException.create("checksum mismatch");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw SdkClientException.create("checksum mismatch");
            }
        };
        InputStream in = new StorageInputStream(failing);
        IOException single = assertThrows(IOException.class, in::read);
        assertInstanceOf(SdkClientException.class, single.getCause());
        assertThrows(IOException.class, () -> in.read(new byte[8]));
        assertThrows(IOException.class, () -> in.transferTo(OutputStream.nullOutputStream()));
    }
}
