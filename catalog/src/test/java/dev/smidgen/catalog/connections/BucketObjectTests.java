package dev.smidgen.catalog.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import org.junit.jupiter.api.Test;

class BucketObjectTests {
    @Test
    void readsBucketAndKey() {
        BucketObject o = BucketObject.parse("s3://my-bucket/dir/clip one.mp4", "con_1", "input");
        assertEquals(new BucketObject("con_1", "my-bucket", "dir/clip one.mp4"), o);
        assertEquals("s3://my-bucket/dir/clip one.mp4", o.url());
        assertTrue(BucketObject.isS3("S3://b/k"));
        assertFalse(BucketObject.isS3("https://b/k"));
    }

    @Test
    void refusesWhatNamesNoObject() {
        for (String bad : new String[] {
            "https://b.example/k",
            "s3://ab/k",
            "s3://Bucket/k",
            "s3://my-bucket",
            "s3://my-bucket/",
            "s3://my-bucket/dir/",
            "s3://my-bucket/a\u0001b",
            "s3://my-bucket/" + "k".repeat(1025)
        }) {
            SmidgenException e =
                    assertThrows(SmidgenException.class, () -> BucketObject.parse(bad, "con_1", "output"), bad);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code(), bad);
            assertEquals("output", e.field(), bad);
        }
    }

    @Test
    void checksBucketNames() {
        assertEquals("media.archive-1", BucketObject.checkBucket("media.archive-1", "bucket"));
        assertThrows(SmidgenException.class, () -> BucketObject.checkBucket("-bad", "bucket"));
        assertThrows(SmidgenException.class, () -> BucketObject.checkBucket(null, "bucket"));
    }
}
