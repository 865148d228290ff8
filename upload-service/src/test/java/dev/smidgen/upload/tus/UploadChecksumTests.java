package dev.smidgen.upload.tus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadChecksumTests {
    private static final byte[] BODY = "hello tus".getBytes(StandardCharsets.US_ASCII);

    private static String digest(String jca, byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(jca).digest(bytes));
    }

    @Test
    void readsEachSupportedAlgorithm() throws Exception {
        assertEquals(
                "sha1", UploadChecksum.parse("sha1 " + digest("SHA-1", BODY)).algorithm());
        assertEquals("md5", UploadChecksum.parse("md5 " + digest("MD5", BODY)).algorithm());
        UploadChecksum sha256 = UploadChecksum.parse("SHA256 " + digest("SHA-256", BODY));
        assertEquals("sha256", sha256.algorithm());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(BODY), sha256.expected());
    }

    @Test
    void noHeaderIsNoCheck() {
        assertNull(UploadChecksum.parse(null));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "crc32 AAAAAA==",
                "sha512 AAAA",
                "sha1",
                "sha1 ",
                " sha1",
                "sha1  Kq5sNclPz7QV2+lfQIuc6R7oRu0=",
                "sha1 not-base64!",
                "sha1 AAAA",
                "md5 Kq5sNclPz7QV2+lfQIuc6R7oRu0=",
                "sha1 a b"
            })
    void refusesUnsupportedOrMalformedChecksumsWith400(String header) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> UploadChecksum.parse(header));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("Upload-Checksum", e.field());
    }

    @Test
    void verifierDigestsWhatStreamsThroughIt() throws Exception {
        ChecksumVerifier good = ChecksumVerifier.of(
                UploadChecksum.parse("sha1 " + digest("SHA-1", BODY)), new ByteArrayInputStream(BODY));
        drain(good.body());
        assertDoesNotThrow(good::verify);

        ChecksumVerifier bad = ChecksumVerifier.of(
                UploadChecksum.parse("sha1 " + digest("SHA-1", "other".getBytes())), new ByteArrayInputStream(BODY));
        drain(bad.body());
        SmidgenException e = assertThrows(SmidgenException.class, bad::verify);
        assertEquals(ErrorCode.CHECKSUM_MISMATCH, e.code());
        assertEquals(460, e.code().status());
    }

    @Test
    void noChecksumNoVerifier() {
        assertNull(ChecksumVerifier.of(null, new ByteArrayInputStream(BODY)));
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[3];
        while (in.read(buffer) >= 0) {
            // digesting
        }
    }
}
