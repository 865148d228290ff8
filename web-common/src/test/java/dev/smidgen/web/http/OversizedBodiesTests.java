package dev.smidgen.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OversizedBodiesTests {

    private static OversizedBodies withLimit(Long bytes) {
        OversizedBodies bodies = new OversizedBodies();
        bodies.maxBodySize = Optional.ofNullable(bytes).map(b -> new MemorySize(BigInteger.valueOf(b)));
        return bodies;
    }

    @Test
    void jsonIsCappedEvenWhereMediaBodiesAreHuge() {
        OversizedBodies upload = withLimit(6L << 40);
        assertEquals(OversizedBodies.MAX_JSON_BYTES, upload.limitFor("application/json; charset=UTF-8"));
        assertEquals(6L << 40, upload.limitFor("application/offset+octet-stream"));
        assertEquals(6L << 40, upload.limitFor(null));
    }

    @Test
    void theHttpLimitAppliesWhenItIsSmaller() {
        assertEquals(1024, withLimit(1024L).limitFor("application/json"));
        assertEquals(Long.MAX_VALUE, withLimit(null).limitFor("text/plain"));
    }

    @Test
    void limitsAreDescribedInTheirUnit() {
        assertEquals("4 MiB", OversizedBodies.describe(4L << 20));
        assertEquals("10 KiB", OversizedBodies.describe(10 * 1024));
        assertEquals("1000 bytes", OversizedBodies.describe(1000));
    }
}
